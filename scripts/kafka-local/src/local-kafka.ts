import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaTestEnv } from '../../test-env/src/test-env.ts';
import { ensureKafkaLib } from './artifacts.ts';
import { newClusterId } from './cluster-id.ts';
import { brokerProperties } from './broker-config.ts';
import { createTestCertificates } from './certificates.ts';
import { allocateListenerPorts } from './free-port.ts';
import { formatKafkaStorage, kafkaJvmOptions, spawnJava, waitUntilServing, type JavaProcess } from './java-process.ts';
import { describeTestCluster, generateUserPasswords, scramCredentials } from './test-cluster.ts';
import { startTestTokenServer } from './token-server.ts';

export interface LocalKafka {
  env: KafkaTestEnv;
  /** The broker's log, for when something goes wrong. */
  logFile: string;
  /** Stops the broker process but keeps its data, as an outage would (tests of faults mid-job). */
  stopBroker(): Promise<void>;
  /** Starts the broker again on the same ports and data after `stopBroker`. */
  startBroker(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * A real single-node Apache Kafka (KRaft) with the whole security matrix, run with the machine's
 * Java from the jars in the Maven cache. Throw-away: its data, certificates and users vanish on stop.
 */
export async function startLocalKafka(): Promise<LocalKafka> {
  const lib = await ensureKafkaLib();
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  const tokens = await startTestTokenServer();
  let broker: JavaProcess | undefined;
  try {
    const [certificates, ports] = await Promise.all([createTestCertificates(workDir), allocateListenerPorts()]);
    const passwords = generateUserPasswords();
    const propertiesFile = join(workDir, 'server.properties');
    const logFile = join(workDir, 'broker.log');
    await writeFile(
      propertiesFile,
      brokerProperties({
        host: HOST,
        ports,
        dataDir: join(workDir, 'data'),
        caFile: certificates.caFile,
        keystoreFile: certificates.brokerKeystoreFile,
        passwords,
        tokens,
      }),
      { mode: 0o600 },
    );
    const jvm = await kafkaJvmOptions(lib, workDir, logFile);
    const scram = scramCredentials(passwords).flatMap((credential) => ['--add-scram', credential]);
    await formatKafkaStorage(jvm, propertiesFile, newClusterId(), scram, logFile);

    const spawnBroker = () =>
      spawnJava([
        '-Xms256m',
        '-Xmx768m',
        '-XX:+UseG1GC',
        // Kafka 4 refuses OAuth URLs that are not explicitly allowed.
        `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${tokens.jwksUrl},${tokens.tokenEndpoint}`,
        ...jvm.args,
        'kafka.Kafka',
        propertiesFile,
      ]);
    broker = spawnBroker();
    await waitUntilServing(`${HOST}:${ports.plaintext}`, broker, logFile);

    const env = describeTestCluster({ host: HOST, ports, caPem: certificates.caPem, passwords, tokens });
    return {
      env,
      logFile,
      stopBroker: async () => {
        await broker?.stop();
      },
      startBroker: async () => {
        broker = spawnBroker();
        await waitUntilServing(`${HOST}:${ports.plaintext}`, broker, logFile);
      },
      stop: async () => {
        await broker?.stop();
        await tokens.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await broker?.stop();
    await tokens.close();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
