import { randomUUID } from 'node:crypto';
import { ZKafkaDestinationInputSchema, type TKafkaDestination, type TKafkaDestinationInput } from '@tributary/core';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import type { KafkaTestEnv } from '../../../scripts/test-env/src/test-env.ts';
import { buildKafkaConfig } from '../src/index.ts';

export const uniqueTopic = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A destination as a user would enter it, parsed by the product's own schema. */
export function destination(input: Omit<TKafkaDestinationInput, 'type'>): TKafkaDestination {
  return ZKafkaDestinationInputSchema.parse({ type: 'kafka-topic', ...input });
}

/** kafkajs options for tests: few retries so a wrong setting fails in seconds. */
export function testClientConfig(target: TKafkaDestination): KafkaConfig {
  return {
    ...buildKafkaConfig(target, { retries: 1, connectionTimeoutMs: 5_000, requestTimeoutMs: 10_000 }),
    logLevel: logLevel.NOTHING,
  };
}

/** The plaintext listener's admin client (User:ANONYMOUS is a super user on the test broker). */
export function adminClient(env: KafkaTestEnv) {
  return new Kafka({ brokers: [env.listeners.plaintext], logLevel: logLevel.NOTHING }).admin();
}

export async function createTopic(env: KafkaTestEnv, topic: string, numPartitions = 1): Promise<void> {
  const admin = adminClient(env);
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Produces one message through `config`, consumes it back through the same config. */
export async function produceAndConsume(config: KafkaConfig, topic: string, message: { key: string; value: string }) {
  const kafka = new Kafka(config);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // The group coordinator may still be loading a just-created __consumer_offsets: retry longer.
  const consumer = kafka.consumer({
    groupId: `test-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    retry: { retries: 10, initialRetryTime: 200 },
  });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [message] });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<{ key: string; value: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 30 s`)), 30_000);
      // kafkajs restarts the consumer after a retriable crash; only a final one is a failure.
      consumer.on(consumer.events.CRASH, (event) => {
        if (event.payload.restart) return;
        clearTimeout(timer);
        reject(event.payload.error);
      });
      void consumer.run({
        eachMessage: async ({ message: received }) => {
          clearTimeout(timer);
          resolve({ key: received.key?.toString() ?? '', value: received.value?.toString() ?? '' });
        },
      });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
}

/**
 * Connects with `config` and sends one message: kafkajs learns that the broker rejected an
 * OAUTHBEARER token only at the first request after the handshake. Resolves with the error, or
 * undefined when the message was accepted.
 */
export async function firstRequestError(config: KafkaConfig, topic: string): Promise<Error | undefined> {
  const producer = new Kafka(config).producer();
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'connection check' }] });
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** The eight client modes of the product against the test cluster's listeners (no topic yet). */
export function clientModes(env: KafkaTestEnv) {
  const { listeners, users, caPem, oidc } = env;
  const tls = { isEnabled: true, caCertificate: caPem };
  return {
    plaintext: { bootstrapServers: listeners.plaintext, sasl: { mechanism: 'NONE' } },
    'SSL (CA verified)': { bootstrapServers: listeners.ssl, ssl: tls, sasl: { mechanism: 'NONE' } },
    'SASL PLAIN': { bootstrapServers: listeners.saslPlaintext, sasl: { mechanism: 'PLAIN', ...users.plain } },
    'SCRAM-SHA-256': {
      bootstrapServers: listeners.saslPlaintext,
      sasl: { mechanism: 'SCRAM-SHA-256', ...users.scram256 },
    },
    'SCRAM-SHA-512': {
      bootstrapServers: listeners.saslPlaintext,
      sasl: { mechanism: 'SCRAM-SHA-512', ...users.scram512 },
    },
    'OAUTHBEARER (unsecured)': {
      bootstrapServers: listeners.saslPlaintext,
      sasl: { mechanism: 'OAUTHBEARER', principal: 'svc-orders', scope: 'kafka', lifetimeSeconds: 600 },
    },
    'OAUTHBEARER (OIDC)': {
      bootstrapServers: listeners.oidc,
      sasl: {
        mechanism: 'OAUTHBEARER_OIDC',
        tokenEndpointUrl: oidc.tokenEndpoint,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        scope: oidc.scope,
      },
    },
    'SASL_SSL (SCRAM-SHA-512 over TLS)': {
      bootstrapServers: listeners.saslSsl,
      ssl: tls,
      sasl: { mechanism: 'SCRAM-SHA-512', ...users.scram512 },
    },
  } satisfies Record<string, Omit<TKafkaDestinationInput, 'type' | 'topic'>>;
}

/** Every message key in `topic`, read from the beginning up to the end offsets at the call. */
export async function readTopicKeys(brokers: string[], topic: string): Promise<string[]> {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  const keys: string[] = [];
  if (total === 0) return keys;
  const consumer = kafka.consumer({ groupId: `check-${randomUUID()}`, retry: { retries: 10 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read only ${keys.length} of ${total} messages`)), 60_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) keys.push(message.key?.toString() ?? '');
          if (keys.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return keys;
}

/** Keys of `expected` absent from `received`, and how many received keys are repeats. */
export function countKeys(expected: readonly string[], received: readonly string[]) {
  const seen = new Set(received);
  return {
    missing: expected.filter((key) => !seen.has(key)).length,
    duplicated: received.length - seen.size,
  };
}
