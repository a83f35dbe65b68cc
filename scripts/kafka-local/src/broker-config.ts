import type { TestTokenServer } from './token-server.ts';

export interface ListenerPorts {
  plaintext: number;
  ssl: number;
  saslPlaintext: number;
  saslSsl: number;
  oidc: number;
  controller: number;
}

export interface BrokerUsers {
  admin: string;
  plainuser: string;
  scram256user: string;
  scram512user: string;
  limited: string;
}

export interface BrokerConfigInput {
  /** Address clients use (advertised). */
  host: string;
  /** Address the listeners bind to; `host` when omitted (0.0.0.0 inside a container). */
  bindHost?: string;
  ports: ListenerPorts;
  dataDir: string;
  caFile: string;
  keystoreFile: string;
  /** Passwords by user name. */
  passwords: BrokerUsers;
  tokens: Pick<TestTokenServer, 'jwksUrl' | 'issuer' | 'audience'>;
}

const SASL_MECHANISMS = 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER';
const PLAIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule';
const SCRAM_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';
const OAUTH_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';

/** The SASL settings both SASL listeners share; `name` is the lower-case listener name. */
function saslListener(name: string, passwords: BrokerUsers): string[] {
  const plainUsers = (['admin', 'plainuser', 'limited'] as const)
    .map((user) => `user_${user}="${passwords[user]}"`)
    .join(' ');
  return [
    `listener.name.${name}.sasl.enabled.mechanisms=${SASL_MECHANISMS}`,
    `listener.name.${name}.plain.sasl.jaas.config=${PLAIN_MODULE} required username="admin" password="${passwords.admin}" ${plainUsers};`,
    `listener.name.${name}.scram-sha-256.sasl.jaas.config=${SCRAM_MODULE} required;`,
    `listener.name.${name}.scram-sha-512.sasl.jaas.config=${SCRAM_MODULE} required;`,
    // No server callback handler: the broker's default unsecured validator accepts alg:none tokens.
    `listener.name.${name}.oauthbearer.sasl.jaas.config=${OAUTH_MODULE} required unsecuredLoginStringClaim_sub="admin";`,
  ];
}

/** server.properties of a single-node KRaft broker with every listener the product supports. */
export function brokerProperties(input: BrokerConfigInput): string {
  const { host, ports, passwords, tokens } = input;
  const bindHost = input.bindHost ?? host;
  const controllerHost = bindHost === '0.0.0.0' ? 'localhost' : bindHost;
  const advertised = [
    `PLAINTEXT://${host}:${ports.plaintext}`,
    `SSL://${host}:${ports.ssl}`,
    `SASL_PLAINTEXT://${host}:${ports.saslPlaintext}`,
    `SASL_SSL://${host}:${ports.saslSsl}`,
    `OIDC://${host}:${ports.oidc}`,
  ];
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${controllerHost}:${ports.controller}`,
    `listeners=${[...advertised.map((listener) => listener.replace(`//${host}:`, `//${bindHost}:`)), `CONTROLLER://${bindHost}:${ports.controller}`].join(',')}`,
    `advertised.listeners=${advertised.join(',')}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,OIDC:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${input.dataDir}`,
    'num.partitions=1',
    // Like most production clusters: topics are created on purpose, never by a typo.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // TLS: Kafka reads PEM files directly.
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${input.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${input.caFile}`,
    'ssl.client.auth=none',
    ...saslListener('sasl_plaintext', passwords),
    ...saslListener('sasl_ssl', passwords),
    // The OIDC listener validates RS256 tokens against the test provider's JWKS.
    'listener.name.oidc.sasl.enabled.mechanisms=OAUTHBEARER',
    `listener.name.oidc.oauthbearer.sasl.jaas.config=${OAUTH_MODULE} required;`,
    'listener.name.oidc.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    `sasl.oauthbearer.jwks.endpoint.url=${tokens.jwksUrl}`,
    `sasl.oauthbearer.expected.audience=${tokens.audience}`,
    `sasl.oauthbearer.expected.issuer=${tokens.issuer}`,
    // Authorization: topics without ACLs stay open, so a test can restrict one topic for `limited`.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=true',
    'super.users=User:admin;User:ANONYMOUS',
  ];
  return `${lines.join('\n')}\n`;
}

export const LOG4J2_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="\${sys:kafka.logs.file}" append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Logger name="kafka" level="INFO"/>
    <Logger name="org.apache.kafka" level="INFO"/>
    <Root level="WARN"><AppenderRef ref="file"/></Root>
  </Loggers>
</Configuration>
`;
