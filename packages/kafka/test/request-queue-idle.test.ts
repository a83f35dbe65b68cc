import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import { afterEach, expect, inject, it } from 'vitest';

const { Kafka, logLevel } = kafkajs;
const { kafka: kafkaEnv } = inject('testEnv');

// The request queue is internal to kafkajs: reached by path, as the patch that mends it is.
const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (options: object) => {
  scheduleCheckPendingRequests(): void;
  throttleCheckTimeoutId: unknown;
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

it('schedules no check of an idle, unthrottled request queue (patched kafkajs)', () => {
  const queue = new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1_000,
    clientId: 'test',
    broker: 'b:1',
    logger: silent,
  });
  queue.scheduleCheckPendingRequests();
  expect(queue.throttleCheckTimeoutId).toBeNull();
});

it('a producer that connects, sends and idles sets no negative timeout (no TimeoutNegativeWarning)', async () => {
  process.on('warning', onWarning);
  const kafka = new Kafka({ brokers: [kafkaEnv.listeners.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const topic = `idle-${Date.now().toString(36)}`;
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: 'x' }] });
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
  expect(warnings.filter((warning) => warning.name === 'TimeoutNegativeWarning')).toEqual([]);
});
