/** The facts every node of a local multi-broker cluster shares. */
export interface ClusterLayout {
  host: string;
  controller: { nodeId: number; port: number };
  brokers: Array<{ nodeId: number; port: number }>;
  /** How long followers wait for more data before fetching (see `clusterBrokerProperties`). */
  replicationWaitMs?: number;
}

const PROTOCOLS = 'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT';

function quorum({ host, controller }: ClusterLayout): string[] {
  return [
    `controller.quorum.voters=${controller.nodeId}@${host}:${controller.port}`,
    'controller.listener.names=CONTROLLER',
    PROTOCOLS,
  ];
}

/*
 * The controller runs alone, so stopping or killing any broker never costs the cluster its
 * metadata quorum: the faults tested are broker faults, and leaders move as they do in production.
 * A broker that stops heartbeating is fenced after the session timeout (9 s by default), and only
 * then do its partitions get new leaders; 6 s keeps fault tests short without fencing a broker
 * that a busy 2-core machine starves for a moment.
 */
export function controllerProperties(layout: ClusterLayout, dataDir: string): string {
  const { host, controller } = layout;
  return `${[
    'process.roles=controller',
    `node.id=${controller.nodeId}`,
    ...quorum(layout),
    `listeners=CONTROLLER://${host}:${controller.port}`,
    `log.dirs=${dataDir}`,
    'broker.session.timeout.ms=6000',
  ].join('\n')}\n`;
}

/**
 * A broker-only node with one PLAINTEXT listener; internal topics replicated like a real cluster's.
 * With `replicationWaitMs`, a follower's fetch waits that long unless a megabyte is ready, so every
 * acks=all produce takes about that long, as across distant zones: fault tests use it to keep a
 * job running while brokers restart, whatever the machine's speed.
 */
export function clusterBrokerProperties(layout: ClusterLayout, nodeId: number, dataDir: string): string {
  const broker = layout.brokers.find((candidate) => candidate.nodeId === nodeId);
  if (!broker) throw new Error(`no broker ${nodeId} in the cluster layout`);
  const replicas = Math.min(3, layout.brokers.length);
  const address = `${layout.host}:${broker.port}`;
  return `${[
    'process.roles=broker',
    `node.id=${nodeId}`,
    ...quorum(layout),
    `listeners=PLAINTEXT://${address}`,
    `advertised.listeners=PLAINTEXT://${address}`,
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'broker.heartbeat.interval.ms=1000',
    'num.partitions=1',
    'auto.create.topics.enable=false',
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=3',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${Math.min(2, replicas)}`,
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${Math.min(2, replicas)}`,
    'group.initial.rebalance.delay.ms=0',
    ...(layout.replicationWaitMs
      ? ['replica.fetch.min.bytes=1048576', `replica.fetch.wait.max.ms=${layout.replicationWaitMs}`]
      : []),
  ].join('\n')}\n`;
}
