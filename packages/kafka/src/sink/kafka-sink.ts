import type { TCompressionCodec, TKafkaDestination, TKafkaMessage } from '@tributary/core';
import kafkajs, { type Producer } from 'kafkajs';
import { buildKafkaConfig } from '../kafka-config.ts';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { CompressionTypes, Kafka, logLevel } = kafkajs;

export interface KafkaSink {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(messages: TKafkaMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaSinkOptions {
  compression?: TCompressionCodec;
  clientId?: string;
  /** Retries of kafkajs's retrier (exponential backoff) while brokers are away. */
  retries?: number;
}

/**
 * The producing end of a job: an idempotent producer with acks=all, so a retried batch is not
 * written twice by the broker and an acknowledged batch survives a broker failure.
 */
export async function openKafkaSink(
  destination: TKafkaDestination,
  options: KafkaSinkOptions = {},
): Promise<KafkaSink> {
  const kafka = new Kafka({
    ...buildKafkaConfig(destination, { clientId: options.clientId ?? 'tributary-job', retries: options.retries ?? 8 }),
    logLevel: logLevel.NOTHING,
  });
  // kafkajs guarantees idempotence only with one request in flight.
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return {
    async send(messages) {
      if (messages.length === 0) return;
      await producer.send({ topic: destination.topic, acks: -1, compression, messages });
    },
    close: () => producer.disconnect(),
  };
}
