import type { TCompressionCodec, TKafkaDestination, TKafkaMessage } from '@tributary/core';
import kafkajs, { type Producer } from 'kafkajs';
import { buildKafkaConfig } from '../kafka-config.ts';
import { assertEveryPartitionAcknowledged } from './acknowledgement-guard.ts';
import { createDeliveryWatch } from './delivery-watch.ts';
import { createPartitionAssignment } from './partition-assignment.ts';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { CompressionTypes, Kafka, logLevel } = kafkajs;

export interface KafkaSink {
  /**
   * Resolves once every message is acknowledged by all in-sync replicas: every partition the
   * batch went to must be in the result, else it rejects and the batch must be sent again.
   */
  send(messages: TKafkaMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaSinkOptions {
  compression?: TCompressionCodec;
  clientId?: string;
  /** Retries of kafkajs's retrier (exponential backoff) while brokers are away. */
  retries?: number;
  /** Told in plain words while a batch waits on Kafka (retries and their causes, a batch still unacknowledged). */
  onDeliveryNotice?: (message: string) => void;
}

/** The destination topic is missing: no retry helps, so a job fails at once with this reason. */
export class TopicMissingError extends Error {
  override name = 'TopicMissingError';
  constructor(readonly topic: string) {
    super(
      `Topic "${topic}" does not exist on the cluster (or this user may not see it), and Tributary does not create topics: create it, or correct Topic Name on the Destination tab`,
    );
  }
}

/**
 * Producing to a missing topic would only retry until the producer gives up (the producer never
 * asks the broker to auto-create it), so the topic is looked up once, by listing topics, which
 * never creates one either.
 */
async function assertTopicExists(kafka: InstanceType<typeof Kafka>, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new TopicMissingError(topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The producing end of a job: an idempotent producer with acks=all, so a retried batch is not
 * written twice by the broker and an acknowledged batch survives a broker failure.
 */
export async function openKafkaSink(
  destination: TKafkaDestination,
  options: KafkaSinkOptions = {},
): Promise<KafkaSink> {
  const retries = options.retries ?? 8;
  const delivery = createDeliveryWatch({ retries, onNotice: options.onDeliveryNotice });
  const assignment = createPartitionAssignment();
  const kafka = new Kafka({
    ...buildKafkaConfig(destination, { clientId: options.clientId ?? 'tributary-job', retries }),
    logLevel: logLevel.WARN,
    logCreator: delivery.logCreator,
  });
  // kafkajs guarantees idempotence only with one request in flight.
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: assignment.createPartitioner,
  });
  await producer.connect().catch((error: unknown) => {
    throw delivery.explainConnectFailure(error);
  });
  try {
    await assertTopicExists(kafka, destination.topic);
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return {
    async send(messages) {
      if (messages.length === 0) return;
      await delivery.watch(messages.length, async () => {
        const result = await producer.send({ topic: destination.topic, acks: -1, compression, messages });
        assertEveryPartitionAcknowledged(destination.topic, assignment.partitionsOf(messages), result);
      });
    },
    close: () => producer.disconnect(),
  };
}
