import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allocateListenerPorts,
  brokerProperties,
  createTestCertificates,
  describeTestCluster,
  generateUserPasswords,
  scramCredentials,
  startLocalKafka,
  startTestTokenServer,
} from '@tributary/kafka-local';
import { isDockerAvailable } from './postgres.ts';
import type { KafkaTestEnv } from './test-env.ts';

export interface ResolvedKafka {
  env: KafkaTestEnv;
  stop(): Promise<void>;
}

/** Kafka for the tests (TESTING.md): given in `KAFKA_TEST_ENV` → Docker → a local broker from Maven jars. */
export async function resolveKafka(): Promise<ResolvedKafka> {
  const given = process.env.KAFKA_TEST_ENV;
  if (given) {
    const env = JSON.parse(given) as KafkaTestEnv;
    if (!env.listeners?.plaintext)
      throw new Error('KAFKA_TEST_ENV must be a JSON KafkaTestEnv (see scripts/test-env/src/test-env.ts)');
    return { env, stop: async () => undefined };
  }
  if (isDockerAvailable()) return startContainerKafka();
  return startLocalKafka();
}

/**
 * The same broker configuration in the apache/kafka image. Host ports are mapped one to one so
 * the advertised addresses work from the host; the test token server runs on the host.
 */
async function startContainerKafka(): Promise<ResolvedKafka> {
  const { GenericContainer, TestContainers, Wait } = await import('testcontainers');
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-docker-'));
  const tokens = await startTestTokenServer();
  const tokenPort = Number(new URL(tokens.jwksUrl).port);
  await TestContainers.exposeHostPorts(tokenPort);
  const certificates = await createTestCertificates(workDir);
  const ports = await allocateListenerPorts();
  const passwords = generateUserPasswords();
  const properties = brokerProperties({
    host: '127.0.0.1',
    bindHost: '0.0.0.0',
    ports,
    dataDir: '/tmp/kafka-data',
    caFile: '/etc/kafka/secrets/ca.pem',
    keystoreFile: '/etc/kafka/secrets/broker-keystore.pem',
    passwords,
    tokens: { ...tokens, jwksUrl: `http://host.testcontainers.internal:${tokenPort}/jwks` },
  });
  const scram = scramCredentials(passwords)
    .map((credential) => `--add-scram '${credential}'`)
    .join(' ');
  const container = await new GenericContainer('apache/kafka:4.4.0')
    .withCopyContentToContainer([{ content: properties, target: '/etc/kafka/server.properties' }])
    .withCopyFilesToContainer([
      { source: certificates.caFile, target: '/etc/kafka/secrets/ca.pem' },
      { source: certificates.brokerKeystoreFile, target: '/etc/kafka/secrets/broker-keystore.pem' },
    ])
    .withExposedPorts(...Object.values(ports).map((port) => ({ container: port, host: port })))
    .withEnvironment({
      KAFKA_OPTS: `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=http://host.testcontainers.internal:${tokenPort}/jwks`,
    })
    .withEntrypoint(['bash', '-c'])
    .withCommand([
      `/opt/kafka/bin/kafka-storage.sh format -t ${randomBytes(16).toString('base64url')} -c /etc/kafka/server.properties ${scram} && exec /opt/kafka/bin/kafka-server-start.sh /etc/kafka/server.properties`,
    ])
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    env: describeTestCluster({ host: '127.0.0.1', ports, caPem: certificates.caPem, passwords, tokens }),
    stop: async () => {
      await container.stop();
      await tokens.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
