import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaTestEnv } from '../../test-env/src/test-env.ts';
import { ensureKafkaLib } from './artifacts.ts';
import { newClusterId } from './cluster-id.ts';
import { brokerProperties, LOG4J2_CONFIG } from './broker-config.ts';
import { createTestCertificates } from './certificates.ts';
import { allocateListenerPorts } from './free-port.ts';
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
const START_DEADLINE_MS = 90_000;

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '(no log)');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function waitUntilServing(bootstrap: string, broker: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  const kafka = new Kafka({
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1_000,
  });
  while (Date.now() < deadline) {
    if (broker.exitCode !== null)
      throw new Error(`the Kafka broker exited (code ${broker.exitCode}):\n${await tail(logFile)}`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(300);
  }
  throw new Error(`the Kafka broker did not start within ${START_DEADLINE_MS / 1000} s:\n${await tail(logFile)}`);
}

/**
 * Runs `command` under a shell that kills it when its stdin closes: the pipe closes however this
 * process ends (even SIGKILL), so a test run that dies never leaves a broker behind.
 */
function spawnTiedToParent(command: string, args: string[]): ChildProcess {
  // Background jobs of a non-interactive shell read /dev/null, so the watcher reads the pipe via fd 3.
  const watchdog =
    'exec 3<&0; trap \'kill $child 2>/dev/null; wait $child\' TERM; "$@" & child=$!; (read _ <&3; kill $child 2>/dev/null) & wait $child';
  return spawn('sh', ['-c', watchdog, 'sh', command, ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A real single-node Apache Kafka (KRaft) with the whole security matrix, run with the machine's
 * Java from the jars in the Maven cache. Throw-away: its data, certificates and users vanish on stop.
 */
export async function startLocalKafka(): Promise<LocalKafka> {
  const lib = await ensureKafkaLib();
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  const tokens = await startTestTokenServer();
  let broker: ChildProcess | undefined;
  const killOnExit = () => broker?.kill('SIGKILL');
  try {
    const [certificates, ports] = await Promise.all([createTestCertificates(workDir), allocateListenerPorts()]);
    const passwords = generateUserPasswords();
    const propertiesFile = join(workDir, 'server.properties');
    const log4jFile = join(workDir, 'log4j2.xml');
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
    await writeFile(log4jFile, LOG4J2_CONFIG);

    const classpath = `${lib}/*`;
    const jvmLogging = [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.file=${logFile}`];
    const scram = scramCredentials(passwords).flatMap((credential) => ['--add-scram', credential]);
    const clusterId = newClusterId();
    await promisify(execFile)('java', [
      ...jvmLogging,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      propertiesFile,
      ...scram,
    ]).catch(async (error: { stderr?: string; message: string }) => {
      throw new Error(`formatting the Kafka storage failed: ${error.stderr || error.message}\n${await tail(logFile)}`);
    });

    const spawnBroker = () =>
      spawnTiedToParent('java', [
        '-Xms256m',
        '-Xmx768m',
        '-XX:+UseG1GC',
        ...jvmLogging,
        // Kafka 4 refuses OAuth URLs that are not explicitly allowed.
        `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${tokens.jwksUrl},${tokens.tokenEndpoint}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        propertiesFile,
      ]);
    broker = spawnBroker();
    process.once('exit', killOnExit);
    await waitUntilServing(`${HOST}:${ports.plaintext}`, broker, logFile);

    const env = describeTestCluster({ host: HOST, ports, caPem: certificates.caPem, passwords, tokens });
    return {
      env,
      logFile,
      stopBroker: async () => {
        if (broker) await stopProcess(broker);
      },
      startBroker: async () => {
        broker = spawnBroker();
        await waitUntilServing(`${HOST}:${ports.plaintext}`, broker, logFile);
      },
      stop: async () => {
        if (broker) await stopProcess(broker);
        process.off('exit', killOnExit);
        await tokens.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (broker) await stopProcess(broker);
    process.off('exit', killOnExit);
    await tokens.close();
    throw error;
  }
}
