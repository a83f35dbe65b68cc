import kafkajs, { type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { UnacknowledgedPartitionsError } from './acknowledgement-guard.ts';
import { createDeliveryWatch, KafkaDeliveryError } from './delivery-watch.ts';

const {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  logLevel,
} = kafkajs;

const NOT_ENOUGH = 'Messages are rejected since there are fewer in-sync replicas than required';
const entry = (namespace: string, log: Record<string, unknown>): LogEntry => ({
  namespace,
  level: logLevel.ERROR,
  label: 'ERROR',
  log: { timestamp: new Date().toISOString(), message: '', ...log },
});
const retryLine = (text: string, retryCount: number) =>
  entry('Producer', { message: `Failed to send messages: ${text}`, retryCount, retryTime: 300 * (retryCount + 1) });
const notEnoughReplicas = () =>
  new KafkaJSProtocolError(Object.assign(new Error(NOT_ENOUGH), { type: 'NOT_ENOUGH_REPLICAS', retriable: true }));

describe('createDeliveryWatch', () => {
  it('counts every produce retry kafkajs logs, not the connection lines around them', async () => {
    let retries = 0;
    const watch = createDeliveryWatch({ retries: 3, onRetry: () => (retries += 1) });
    const log = watch.logCreator(logLevel.WARN);
    await watch.watch(10, async () => {
      log(entry('Connection', { message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9093' }));
      log(retryLine(NOT_ENOUGH, 0));
      log(retryLine(NOT_ENOUGH, 1));
    });
    expect(retries).toBe(2);
  });

  it('reports a retry once per cause and fails with every cause met, the most frequent first', async () => {
    const notices: string[] = [];
    const watch = createDeliveryWatch({ retries: 3, onNotice: (message) => notices.push(message) });
    const log = watch.logCreator(logLevel.WARN);
    const sending = watch.watch(250, async () => {
      log(
        entry('Connection', {
          message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9093',
          broker: '127.0.0.1:9093',
        }),
      );
      log(retryLine('Connection error: connect ECONNREFUSED 127.0.0.1:9093', 0));
      log(retryLine(NOT_ENOUGH, 1));
      log(retryLine(NOT_ENOUGH, 2));
      log(retryLine(NOT_ENOUGH, 3));
      throw new KafkaJSNumberOfRetriesExceeded(notEnoughReplicas(), { retryCount: 3, retryTime: 1_200 });
    });
    await expect(sending).rejects.toThrow(KafkaDeliveryError);
    await expect(sending).rejects.toThrow(
      /^Kafka did not acknowledge a batch of 250 messages \(3 retries in [\d.]+ s\): not enough in-sync replicas \(.*\); brokers unreachable \(127\.0\.0\.1:9093\)\. Last error: Messages are rejected since there are fewer in-sync replicas than required$/,
    );
    expect(notices).toEqual([
      expect.stringMatching(
        /^Kafka has not acknowledged a batch of 250 messages after [\d.]+ s: brokers unreachable \(127\.0\.0\.1:9093\); retry 1 of 3 in 0\.3 s$/,
      ),
      expect.stringMatching(/: not enough in-sync replicas \(.*\); retry 2 of 3 in 0\.6 s$/),
    ]);
  });

  it('explains a send kafkajs gave up on before its retries were spent (the cluster could not be reconnected)', async () => {
    const watch = createDeliveryWatch({ retries: 8 });
    const log = watch.logCreator(logLevel.WARN);
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      broker: '127.0.0.1:9092',
    });
    const sending = watch.watch(500, async () => {
      log(
        entry('BrokerPool', {
          message: `Failed to connect to seed broker, trying another broker from the list: ${refused.message}`,
          retryCount: 8,
          retryTime: 30_000,
        }),
      );
      throw new KafkaJSNonRetriableError(refused);
    });
    await expect(sending).rejects.toThrow(
      /^Kafka did not acknowledge a batch of 500 messages \(8 retries in [\d.]+ s\): brokers unreachable \(127\.0\.0\.1:9092\)\. Last error: Connection error: connect ECONNREFUSED 127\.0\.0\.1:9092$/,
    );
  });

  it('passes other failures through unchanged, for the caller to classify', async () => {
    const watch = createDeliveryWatch({ retries: 3 });
    const denied = new KafkaJSNonRetriableError('Not authorized to access topics: [orders]');
    await expect(watch.watch(1, () => Promise.reject(denied))).rejects.toBe(denied);
    const unacknowledged = new UnacknowledgedPartitionsError('orders', [1], 40);
    await expect(watch.watch(1, () => Promise.reject(unacknowledged))).rejects.toBe(unacknowledged);
  });

  it('says a batch is still waiting when nothing else was said for a while', async () => {
    const notices: string[] = [];
    const watch = createDeliveryWatch({ retries: 8, slowNoticeMs: 200, onNotice: (message) => notices.push(message) });
    await watch.watch(500, () => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(notices[0]).toMatch(
      /^Still waiting for Kafka to acknowledge a batch of 500 messages \([\d.]+ s\); waiting on partition leaders and their in-sync replicas$/,
    );
  });

  it('names unreachable brokers when the producer cannot connect at all', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', {
      broker: '127.0.0.1:1',
    });
    const error = createDeliveryWatch({ retries: 1 }).explainConnectFailure(
      new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 1, retryTime: 300 }),
    );
    expect((error as Error).message).toBe(
      'Could not connect to Kafka: brokers unreachable (127.0.0.1:1). Last error: Connection error: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
