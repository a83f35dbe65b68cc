import { startLocalKafkaCluster, type ClusterBroker, type LocalKafkaCluster } from '@tributary/kafka-local';
import kafkajs from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countKeys, readTopicKeys, uniqueTopic } from './kafka-test-helpers.ts';

const { Kafka, logLevel, Partitioners } = kafkajs;

const PARTITIONS = 6;
const BATCH = 300;
const BATCHES = 40;
const FAULT_AT_BATCH = 10;

/*
 * The defect patches/kafkajs@2.2.4.patch mends, shown with a bare kafkajs producer (no Tributary
 * code in the way): a leader leaves while sends are under way. Unpatched, the send that meets the
 * fault resolves with results for the partitions of the brokers that answered first, and the
 * messages of the others are never written (measured: 109 of 60,000 lost on a kill, 106 on a
 * controlled shutdown).
 */
describe('a bare kafkajs producer across a partition leader change', () => {
  let cluster: LocalKafkaCluster;
  beforeAll(async () => {
    cluster = await startLocalKafkaCluster({ brokers: 3 });
  }, 240_000);
  afterAll(() => cluster?.stop());
  // Each test starts with all three brokers, whatever the last one left behind.
  afterEach(async () => {
    for (const broker of cluster.brokers) if (!broker.isRunning()) await broker.start();
  }, 120_000);

  /** The partitions kafkajs's default partitioner gives these keys (keyed: murmur2, as Java's). */
  function partitionsOf(keys: string[]): number[] {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
    const partitions = keys.map((key) => partitioner({ topic: 't', partitionMetadata, message: { key, value: '' } }));
    return [...new Set(partitions)].sort((a, b) => a - b);
  }

  it.each([
    ['killed (kill -9)', (broker: ClusterBroker) => broker.kill()],
    ['stopped (controlled shutdown)', (broker: ClusterBroker) => broker.stop()],
  ])(
    'resolves a send only with every partition acknowledged when a leader is %s mid-send',
    { timeout: 240_000 },
    async (_fault, inflict) => {
      const topic = uniqueTopic('leader-change');
      const leaders = await cluster.createTopic(topic, { partitions: PARTITIONS, minInSyncReplicas: 2 });
      const victim = cluster.brokers.find((broker) => broker.nodeId === leaders.get(1))!;
      const producer = new Kafka({
        brokers: cluster.bootstrapServers.split(','),
        logLevel: logLevel.NOTHING,
        retry: { retries: 8 },
      }).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const sent: string[] = [];
      const incomplete: string[] = [];
      let fault: Promise<void> | undefined;
      try {
        for (let batch = 0; batch < BATCHES; batch += 1) {
          const keys = Array.from({ length: BATCH }, (_, i) => String(batch * BATCH + i));
          const sending = producer.send({ topic, acks: -1, messages: keys.map((key) => ({ key, value: key })) });
          // The fault lands while this send is in flight.
          if (batch === FAULT_AT_BATCH) fault = inflict(victim);
          const acknowledged = new Set((await sending).map((entry) => entry.partition));
          const expected = partitionsOf(keys);
          if (expected.some((partition) => !acknowledged.has(partition)))
            incomplete.push(`batch ${batch}: acknowledged ${[...acknowledged].sort()} of ${expected}`);
          sent.push(...keys);
        }
      } finally {
        await producer.disconnect();
        await fault;
      }
      expect(incomplete).toEqual([]);
      expect(victim.isRunning()).toBe(false);

      // Back in the cluster before reading: the consumer offsets topic wants all three replicas.
      await victim.start();
      const counts = countKeys(sent, await readTopicKeys(cluster.bootstrapServers.split(','), topic));
      expect(counts.missing).toBe(0);
      // The idempotent producer re-sends a failed request with the same sequence numbers, so the
      // new leader drops what the old one had replicated (measured: no duplicates at all).
      expect(counts.duplicated).toBeLessThanOrEqual(BATCH);
    },
  );
});
