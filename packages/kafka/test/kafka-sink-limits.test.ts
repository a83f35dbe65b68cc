import { randomBytes, randomUUID } from 'node:crypto';
import type { TKafkaMessage } from '@tributary/core';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  CompressionTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { openKafkaSink } from '../src/index.ts';
import { loneMessageBytes } from '../src/sink/message-size.ts';
import { adminClient, destination, uniqueTopic } from './kafka-test-helpers.ts';

const env = inject('testEnv').kafka;
const LIMIT = 1_500;

async function createLimitedTopic(topic: string, numPartitions: number) {
  const admin = adminClient(env);
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions, configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }] }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** A message whose batch of one is exactly `bytes` long, as measured by the sink; `prefix` may hold multibyte characters. */
function messageOfSize(key: string | null, bytes: number, prefix = ''): TKafkaMessage {
  for (let length = 0; length < bytes; length += 1) {
    const message = { key, value: `${prefix}${'v'.repeat(length)}` };
    if (loneMessageBytes(message, 'none') === bytes) return message;
  }
  throw new Error(`no message of ${bytes} bytes`);
}

/** Sends straight through kafkajs, as the broker judges it: resolves with its error type, if any. */
async function brokerVerdict(topic: string, message: TKafkaMessage, compression = CompressionTypes.None) {
  const producer = new Kafka({ brokers: [env.listeners.plaintext], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, compression, messages: [message] });
    return 'accepted';
  } catch (error) {
    return (error as { type?: string }).type ?? String(error);
  } finally {
    await producer.disconnect();
  }
}

async function readKeys(topic: string, count: number): Promise<string[]> {
  const consumer = new Kafka({ brokers: [env.listeners.plaintext], logLevel: logLevel.NOTHING }).consumer({
    groupId: `check-${randomUUID()}`,
  });
  const keys: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${keys.length} of ${count} messages`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          keys.push(message.key?.toString() ?? '');
          if (keys.length >= count) {
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

describe('the sink and the topic message size limit', () => {
  it('measures a message as the broker does: a batch of exactly the limit is taken, one byte more refused', async () => {
    const topic = uniqueTopic('limit-edge');
    await createLimitedTopic(topic, 1);
    const atLimit = messageOfSize('edge', LIMIT);
    const overLimit = messageOfSize('over', LIMIT + 1);
    expect(await brokerVerdict(topic, atLimit)).toBe('accepted');
    expect(await brokerVerdict(topic, overLimit)).toBe('MESSAGE_TOO_LARGE');
    // No key, and characters of two and three bytes in UTF-8.
    expect(await brokerVerdict(topic, messageOfSize(null, LIMIT, 'é€'.repeat(200)))).toBe('accepted');
    expect(await brokerVerdict(topic, messageOfSize(null, LIMIT + 1, 'é€'.repeat(200)))).toBe('MESSAGE_TOO_LARGE');

    const sink = await openKafkaSink(
      destination({ bootstrapServers: env.listeners.plaintext, topic, sasl: { mechanism: 'NONE' } }),
    );
    try {
      const refused = await sink.send([{ key: 'a', value: 'small' }, atLimit, overLimit, { key: 'b', value: 'small' }]);
      expect(refused).toEqual([
        { index: 2, reason: `the message is 1,501 bytes; topic ${topic} accepts at most 1,500 (max.message.bytes)` },
      ]);
    } finally {
      await sink.close();
    }
    expect((await readKeys(topic, 5)).sort()).toEqual(['', 'a', 'b', 'edge', 'edge']);
  });

  it('with gzip, takes a message that fits only compressed and refuses one that does not fit either way', async () => {
    const topic = uniqueTopic('limit-gzip');
    await createLimitedTopic(topic, 1);
    const compressible = { key: 'compressible', value: 'a'.repeat(20_000) };
    const incompressible = { key: 'random', value: randomBytes(2_000).toString('base64') };
    expect(await brokerVerdict(topic, incompressible, CompressionTypes.GZIP)).toBe('MESSAGE_TOO_LARGE');

    const sink = await openKafkaSink(
      destination({ bootstrapServers: env.listeners.plaintext, topic, sasl: { mechanism: 'NONE' } }),
      {
        compression: 'gzip',
      },
    );
    try {
      const refused = await sink.send([compressible, incompressible]);
      expect(refused).toEqual([
        {
          index: 1,
          reason: expect.stringMatching(
            new RegExp(
              `^the message is 2,\\d{3} bytes compressed; topic ${topic} accepts at most 1,500 \\(max.message.bytes\\)$`,
            ),
          ),
        },
      ]);
    } finally {
      await sink.close();
    }
    expect(await readKeys(topic, 1)).toEqual(['compressible']);
  });

  it('isolates refused messages across partitions when the limit cannot be read, producing every other one', async () => {
    const topic = uniqueTopic('limit-hidden');
    await createLimitedTopic(topic, 3);
    const admin = adminClient(env);
    await admin.connect();
    try {
      // WRITE and DESCRIBE but not DESCRIBE_CONFIGS: the sink learns the limit only from refusals.
      await admin.createAcls({
        acl: [AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE].map((operation) => ({
          resourceType: AclResourceTypes.TOPIC,
          resourceName: topic,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${env.users.limited.username}`,
          host: '*',
          operation,
          permissionType: AclPermissionTypes.ALLOW,
        })),
      });
    } finally {
      await admin.disconnect();
    }
    const oversized = new Set([7, 30, 51]);
    const messages = Array.from({ length: 60 }, (_, i) => ({
      key: String(i + 1),
      value: oversized.has(i + 1) ? 'x'.repeat(3_000) : `row ${i + 1}`,
    }));

    const sink = await openKafkaSink(
      destination({
        bootstrapServers: env.listeners.saslPlaintext,
        topic,
        sasl: { mechanism: 'SCRAM-SHA-512', ...env.users.limited },
      }),
    );
    try {
      const refused = await sink.send(messages);
      expect(refused.map((entry) => entry.index)).toEqual([6, 29, 50]);
      for (const entry of refused) {
        // 61 bytes of batch header, 9 of record framing at this size, the key, the value.
        const size = 61 + 9 + String(entry.index + 1).length + 3_000;
        expect(entry.reason).toBe(
          `the message is ${size.toLocaleString('en-US')} bytes; topic ${topic} refused it as larger than it accepts (MESSAGE_TOO_LARGE)`,
        );
      }
    } finally {
      await sink.close();
    }
    const expected = messages.filter((message) => !oversized.has(Number(message.key))).map((m) => m.key);
    const offsetsAdmin = adminClient(env);
    await offsetsAdmin.connect();
    const offsets = await offsetsAdmin.fetchTopicOffsets(topic);
    await offsetsAdmin.disconnect();
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(expected.length);
    // Each partition's batch of the refused request went again as it was: the broker dropped the
    // ones it had written as duplicates, so every other message is in the topic exactly once.
    expect((await readKeys(topic, expected.length)).sort()).toEqual([...expected].sort());
  });
});
