/**
 * What the vitest global setup hands every test (through `inject('testEnv')`).
 * Plain connection facts only: tests never learn which branch (env, Docker, local) produced them.
 */
export interface TestCredentials {
  username: string;
  password: string;
}

export interface KafkaTestEnv {
  /** `host:port` per listener of the test cluster. */
  listeners: {
    plaintext: string;
    ssl: string;
    /** SASL_PLAINTEXT offering PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and unsecured OAUTHBEARER. */
    saslPlaintext: string;
    /** SASL_SSL offering the same mechanisms as `saslPlaintext`. */
    saslSsl: string;
    /** SASL_PLAINTEXT whose OAUTHBEARER validates RS256 tokens against the test JWKS. */
    oidc: string;
  };
  /** PEM of the CA that signed the brokers' certificates. */
  caPem: string;
  users: {
    /** Super user, for admin work in tests (creating topics, ACLs). SASL PLAIN and SCRAM. */
    admin: TestCredentials;
    plain: TestCredentials;
    scram256: TestCredentials;
    scram512: TestCredentials;
    /** A non-super user (PLAIN and SCRAM-SHA-512) for authorization tests. */
    limited: TestCredentials;
  };
  /** Client-credentials token endpoint that signs the tokens the `oidc` listener accepts. */
  oidc: {
    tokenEndpoint: string;
    clientId: string;
    clientSecret: string;
    scope: string;
  };
}

export interface TestEnv {
  /** A throw-away, migrated database shared by this test run. */
  databaseUrl: string;
  /** A migrated database nothing connects to: copy it with `createTestDatabase` (@tributary/db/testing). */
  templateDatabaseUrl: string;
  /** A URL for the same server's maintenance database, to create more throw-away databases. */
  adminDatabaseUrl: string;
  kafka: KafkaTestEnv;
}
