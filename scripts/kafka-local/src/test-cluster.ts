import { randomBytes } from 'node:crypto';
import type { KafkaTestEnv } from '../../test-env/src/test-env.ts';
import type { BrokerUsers, ListenerPorts } from './broker-config.ts';
import type { TestTokenServer } from './token-server.ts';

/** Fresh random passwords for the test users, per broker start. */
export function generateUserPasswords(): BrokerUsers {
  const password = () => randomBytes(12).toString('hex');
  return {
    admin: password(),
    plainuser: password(),
    scram256user: password(),
    scram512user: password(),
    limited: password(),
  };
}

/** SCRAM credentials for `kafka-storage format --add-scram`: KRaft keeps them in the metadata log. */
export function scramCredentials(passwords: BrokerUsers): string[] {
  return [
    `SCRAM-SHA-256=[name=admin,password=${passwords.admin}]`,
    `SCRAM-SHA-512=[name=admin,password=${passwords.admin}]`,
    `SCRAM-SHA-256=[name=scram256user,password=${passwords.scram256user}]`,
    `SCRAM-SHA-512=[name=scram512user,password=${passwords.scram512user}]`,
    `SCRAM-SHA-512=[name=limited,password=${passwords.limited}]`,
  ];
}

export interface TestClusterFacts {
  host: string;
  ports: ListenerPorts;
  caPem: string;
  passwords: BrokerUsers;
  tokens: Pick<TestTokenServer, 'tokenEndpoint' | 'clientId' | 'clientSecret' | 'scope'>;
}

/** What the tests are told about a running test cluster. */
export function describeTestCluster({ host, ports, caPem, passwords, tokens }: TestClusterFacts): KafkaTestEnv {
  const address = (port: number) => `${host}:${port}`;
  return {
    listeners: {
      plaintext: address(ports.plaintext),
      ssl: address(ports.ssl),
      saslPlaintext: address(ports.saslPlaintext),
      saslSsl: address(ports.saslSsl),
      oidc: address(ports.oidc),
    },
    caPem,
    users: {
      admin: { username: 'admin', password: passwords.admin },
      plain: { username: 'plainuser', password: passwords.plainuser },
      scram256: { username: 'scram256user', password: passwords.scram256user },
      scram512: { username: 'scram512user', password: passwords.scram512user },
      limited: { username: 'limited', password: passwords.limited },
    },
    oidc: {
      tokenEndpoint: tokens.tokenEndpoint,
      clientId: tokens.clientId,
      clientSecret: tokens.clientSecret,
      scope: tokens.scope,
    },
  };
}
