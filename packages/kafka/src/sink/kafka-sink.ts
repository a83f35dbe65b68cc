import type { TCompressionCodec, TKafkaDestination, TKafkaMessage } from '@tributary/core';
import kafkajs, { type Producer } from 'kafkajs';
import { buildKafkaConfig } from '../kafka-config.ts';
import { assertEveryPartitionAcknowledged } from './acknowledgement-guard.ts';
import { createDeliveryWatch } from './delivery-watch.ts';
import { asDestinationError, assertTlsAccepted, topicMissingError } from './destination-errors.ts';
import { readTopicLimits, type TopicLimits } from './message-size.ts';
import { createPartitionAssignment } from './partition-assignment.ts';
import { sendWithinLimits, type RefusedMessage } from './send-within-limits.ts';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { CompressionTypes, Kafka, logLevel } = kafkajs;

export interface KafkaSink {
  /**
   * Resolves once every message the topic takes is acknowledged by all in-sync replicas (every
   * partition the batch went to must be in the result, else it rejects and the batch must be sent
   * again), with those the topic does not take (larger than it accepts) and why.
   */
  send(messages: TKafkaMessage[]): Promise<RefusedMessage[]>;
  close(): Promise<void>;
}

export interface KafkaSinkOptions {
  compression?: TCompressionCodec;
  clientId?: string;
  /** Retries of kafkajs's retrier (exponential backoff) while brokers are away. */
  retries?: number;
  /** Told in plain words while a batch waits on Kafka (retries and their causes, a batch still unacknowledged). */
  onDeliveryNotice?: (message: string) => void;
  /** Called on every produce request retried after a broker error. */
  onRetry?: () => void;
}

/**
 * Producing to a missing topic would only retry until the producer gives up (the producer never
 * asks the broker to auto-create it), so the topic is looked up once, by listing topics, which
 * never creates one either; and its message size limit is read while at it.
 */
async function inspectTopic(kafka: InstanceType<typeof Kafka>, topic: string): Promise<TopicLimits> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw topicMissingError(topic);
    return await readTopicLimits(admin, topic);
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
  await assertTlsAccepted(destination);
  const retries = options.retries ?? 8;
  const delivery = createDeliveryWatch({ retries, onNotice: options.onDeliveryNotice, onRetry: options.onRetry });
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
  let limits: TopicLimits;
  try {
    await producer.connect().catch((error: unknown) => {
      throw delivery.explainConnectFailure(error);
    });
    limits = await inspectTopic(kafka, destination.topic);
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw await asDestinationError(error, destination, kafka, 'open');
  }
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const { topic } = destination;
  return {
    async send(messages) {
      if (messages.length === 0) return [];
      try {
        return await sendWithinLimits(messages, {
          topic,
          limits,
          compression: options.compression ?? 'none',
          produce: (batch) =>
            delivery.watch(batch.length, async () => {
              const result = await producer.send({ topic, acks: -1, compression, messages: batch });
              assertEveryPartitionAcknowledged(topic, assignment.partitionsOf(batch), result);
            }),
          partitionOf: assignment.partitionOf,
        });
      } catch (error) {
        throw await asDestinationError(error, destination, kafka, 'send');
      }
    },
    close: () => producer.disconnect(),
  };
}
