import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafkaLib } from './artifacts.ts';
import { clusterBrokerProperties, controllerProperties, type ClusterLayout } from './cluster-config.ts';
import { newClusterId } from './cluster-id.ts';
import { findFreePort } from './free-port.ts';
import {
  formatKafkaStorage,
  kafkaJvmOptions,
  spawnJava,
  waitUntilServing,
  type JavaProcess,
  type KafkaJvm,
} from './java-process.ts';

/** One broker of a local cluster, with the faults a test inflicts on it. */
export interface ClusterBroker {
  nodeId: number;
  /** `host:port` of its PLAINTEXT listener. */
  address: string;
  logFile: string;
  isRunning(): boolean;
  /** SIGTERM: a controlled shutdown that moves its leaderships away first (a rolling restart's step). */
  stop(): Promise<void>;
  /** SIGKILL of the JVM: the broker vanishes with requests in flight. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once the cluster lists it as live. */
  start(): Promise<void>;
}

export interface LocalKafkaCluster {
  /** Every broker's address, comma-separated, as a user would enter Bootstrap Servers. */
  bootstrapServers: string;
  brokers: ClusterBroker[];
  /**
   * Creates a topic replicated on every broker and resolves once all its replicas are in sync,
   * with the leader of each partition (partition → node id).
   */
  createTopic(
    topic: string,
    settings: { partitions: number; minInSyncReplicas?: number },
  ): Promise<Map<number, number>>;
  /** Resolves once every replica of every partition of `topic` is in sync, as before each step of a rolling restart. */
  waitUntilInSync(topic: string, timeoutMs?: number): Promise<void>;
  /** Stops the brokers, then the controller, and removes every file the cluster made. */
  stop(): Promise<void>;
}

export interface LocalKafkaClusterOptions {
  /** Number of brokers (1–9); a dedicated controller runs beside them. */
  brokers?: number;
  /** Makes each acks=all produce take about this long (see `clusterBrokerProperties`). */
  replicationWaitMs?: number;
}

const HOST = '127.0.0.1';
// Three brokers and a controller share a 2-core CI machine with the tests; small topics need little
// heap, and the quick compiler alone halves a broker's start (which a rolling restart waits on).
const BROKER_HEAP = ['-Xms128m', '-Xmx384m', '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1'];
const CONTROLLER_HEAP = ['-Xms64m', '-Xmx256m', '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1'];
const CONTROLLER_ID = 100;

interface NodeFiles {
  dir: string;
  propertiesFile: string;
  logFile: string;
  jvm: KafkaJvm;
}

async function prepareNode(lib: string, workDir: string, name: string, properties: (dataDir: string) => string) {
  const dir = join(workDir, name);
  const files: NodeFiles = {
    dir,
    propertiesFile: join(workDir, `${name}.properties`),
    logFile: join(workDir, `${name}.log`),
    jvm: await kafkaJvmOptions(lib, workDir, join(workDir, `${name}.log`)),
  };
  await writeFile(files.propertiesFile, properties(join(dir, 'data')));
  return files;
}

/**
 * A real multi-broker Apache Kafka (KRaft) on this machine: one controller and `brokers` brokers,
 * PLAINTEXT only (the security matrix lives on the single-node flavour, `startLocalKafka`). Made
 * for fault tests: each broker can be stopped, killed and started again with its data.
 */
export async function startLocalKafkaCluster(options: LocalKafkaClusterOptions = {}): Promise<LocalKafkaCluster> {
  const brokerCount = options.brokers ?? 3;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 9)
    throw new Error(`a local cluster has 1 to 9 brokers, not ${brokerCount}`);
  const lib = await ensureKafkaLib();
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-cluster-'));
  const processes = new Map<number, JavaProcess>();
  const stopAll = async () => {
    const brokers = [...processes].filter(([id]) => id !== CONTROLLER_ID).map(([, process]) => process);
    // Brokers first, while the controller can still confirm their controlled shutdown.
    await Promise.all(brokers.map((process) => process.stop()));
    await processes.get(CONTROLLER_ID)?.stop();
  };
  try {
    const ports = new Set<number>();
    while (ports.size < brokerCount + 1) ports.add(await findFreePort());
    const [controllerPort, ...brokerPorts] = [...ports] as [number, ...number[]];
    const layout: ClusterLayout = {
      host: HOST,
      controller: { nodeId: CONTROLLER_ID, port: controllerPort },
      brokers: brokerPorts.map((port, index) => ({ nodeId: index + 1, port })),
      replicationWaitMs: options.replicationWaitMs,
    };
    const clusterId = newClusterId();
    const controller = await prepareNode(lib, workDir, 'controller', (dataDir) =>
      controllerProperties(layout, dataDir),
    );
    const brokerFiles = await Promise.all(
      layout.brokers.map(({ nodeId }) =>
        prepareNode(lib, workDir, `broker-${nodeId}`, (dataDir) => clusterBrokerProperties(layout, nodeId, dataDir)),
      ),
    );
    await Promise.all(
      [controller, ...brokerFiles].map((node) =>
        formatKafkaStorage(node.jvm, node.propertiesFile, clusterId, [], node.logFile),
      ),
    );

    processes.set(
      CONTROLLER_ID,
      spawnJava([...CONTROLLER_HEAP, ...controller.jvm.args, 'kafka.Kafka', controller.propertiesFile]),
    );
    const allIds = layout.brokers.map((broker) => broker.nodeId);
    const brokers: ClusterBroker[] = layout.brokers.map(({ nodeId, port }, index) => {
      const files = brokerFiles[index]!;
      const address = `${HOST}:${port}`;
      const current = () => processes.get(nodeId);
      return {
        nodeId,
        address,
        logFile: files.logFile,
        isRunning: () => current()?.hasExited() === false,
        stop: async () => current()?.stop(),
        kill: async () => current()?.kill(),
        start: async () => {
          if (current()?.hasExited() === false) throw new Error(`broker ${nodeId} is already running`);
          const process = spawnJava([...BROKER_HEAP, ...files.jvm.args, 'kafka.Kafka', files.propertiesFile]);
          processes.set(nodeId, process);
          await waitUntilServing(address, process, files.logFile, [nodeId]);
        },
      };
    });
    await Promise.all(brokers.map((broker) => broker.start()));
    // Every broker sees the others: topics created now get replicas on all of them.
    await waitUntilServing(brokers[0]!.address, processes.get(1)!, brokerFiles[0]!.logFile, allIds);

    const bootstrapServers = brokers.map((broker) => broker.address).join(',');
    return {
      bootstrapServers,
      brokers,
      createTopic: (topic, settings) => createTopic(bootstrapServers, topic, brokers.length, settings),
      waitUntilInSync: (topic, timeoutMs = 60_000) => waitUntilInSync(bootstrapServers, topic, timeoutMs),
      stop: async () => {
        await stopAll();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

const adminOf = (bootstrapServers: string) =>
  new Kafka({ brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();

async function createTopic(
  bootstrapServers: string,
  topic: string,
  replicationFactor: number,
  settings: { partitions: number; minInSyncReplicas?: number },
): Promise<Map<number, number>> {
  const admin = adminOf(bootstrapServers);
  await admin.connect();
  try {
    // kafkajs's own wait for leaders asks any broker, and one that has not yet heard of the topic
    // answers UNKNOWN_TOPIC_OR_PARTITION, which it does not retry: wait on in-sync replicas instead.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: settings.partitions,
          replicationFactor,
          configEntries: settings.minInSyncReplicas
            ? [{ name: 'min.insync.replicas', value: String(settings.minInSyncReplicas) }]
            : [],
        },
      ],
    });
    await waitUntilInSync(bootstrapServers, topic, 60_000);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    return new Map((metadata?.partitions ?? []).map((partition) => [partition.partitionId, partition.leader]));
  } finally {
    await admin.disconnect();
  }
}

async function waitUntilInSync(bootstrapServers: string, topic: string, timeoutMs: number): Promise<void> {
  const admin = adminOf(bootstrapServers);
  const deadline = Date.now() + timeoutMs;
  await admin.connect();
  try {
    for (;;) {
      const lagging: string[] = [];
      try {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        for (const partition of metadata?.partitions ?? [])
          if (partition.isr.length < partition.replicas.length)
            lagging.push(`${partition.partitionId} (in sync: ${partition.isr.join(', ')})`);
      } catch (error) {
        lagging.push((error as Error).message);
      }
      if (lagging.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`partitions of ${topic} not fully in sync after ${timeoutMs} ms: ${lagging.join('; ')}`);
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
}
