import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { causeOfText, describeCause, problemOfError } from './delivery-causes.ts';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

describe('delivery causes', () => {
  it('reads the causes of the texts kafkajs logs for a failed attempt', () => {
    expect(causeOfText('Messages are rejected since there are fewer in-sync replicas than required')).toBe(
      'NOT_ENOUGH_REPLICAS',
    );
    expect(causeOfText('Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe('BROKERS_UNREACHABLE');
    expect(causeOfText('This server is not the leader for that topic-partition')).toBe('LEADER_UNAVAILABLE');
    expect(causeOfText('Request Produce(key: 0, version: 7) timed out')).toBe('TIMED_OUT');
    expect(causeOfText('Something else')).toBeUndefined();
  });

  it('finds the cause and the broker inside the error kafkajs gives up with', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      broker: '127.0.0.1:9092',
    });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 8, retryTime: 30_000 });
    expect(problemOfError(exhausted)).toEqual({
      cause: 'BROKERS_UNREACHABLE',
      text: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
      broker: '127.0.0.1:9092',
    });
    const replicas = new KafkaJSProtocolError(
      Object.assign(new Error('Messages are rejected since there are fewer in-sync replicas than required'), {
        type: 'NOT_ENOUGH_REPLICAS',
      }),
    );
    expect(problemOfError(replicas).cause).toBe('NOT_ENOUGH_REPLICAS');
  });

  it('words each cause as the job log shows it', () => {
    expect(describeCause('NOT_ENOUGH_REPLICAS')).toMatch(/^not enough in-sync replicas \(/);
    expect(describeCause('BROKERS_UNREACHABLE', ['127.0.0.1:1', '127.0.0.1:2'])).toBe(
      'brokers unreachable (127.0.0.1:1, 127.0.0.1:2)',
    );
  });
});
