import type { RecordMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { assertEveryPartitionAcknowledged, UnacknowledgedPartitionsError } from './acknowledgement-guard.ts';

const ack = (partition: number, errorCode = 0): RecordMetadata => ({
  topicName: 'orders',
  partition,
  errorCode,
  baseOffset: '0',
});
const assigned = (entries: Array<[number, number]>, unassigned = 0) => ({ perPartition: new Map(entries), unassigned });

describe('assertEveryPartitionAcknowledged', () => {
  it('passes when every partition the batch went to is acknowledged', () => {
    const batch = assigned([
      [0, 100],
      [3, 50],
    ]);
    expect(() => assertEveryPartitionAcknowledged('orders', batch, [ack(3), ack(0)])).not.toThrow();
  });

  it('fails the send when the result lacks a partition, naming it and its message count', () => {
    // What kafkajs 2.2.4 resolved with after a leader of partitions 1 and 5 was killed mid-send.
    const batch = assigned([
      [0, 60],
      [1, 40],
      [2, 55],
      [3, 45],
      [4, 50],
      [5, 50],
    ]);
    const result = [0, 2, 3, 4].map((partition) => ack(partition));
    const send = () => assertEveryPartitionAcknowledged('orders', batch, result);
    expect(send).toThrow(UnacknowledgedPartitionsError);
    expect(send).toThrow(
      'Kafka reported the batch sent without acknowledging partitions 1, 5 of topic "orders": 90 messages unconfirmed, so the batch is produced again',
    );
  });

  it('does not count an acknowledgement that carries an error code, nor one for another topic', () => {
    const batch = assigned([
      [0, 10],
      [1, 10],
    ]);
    const result = [ack(0, 19), { ...ack(1), topicName: 'other' }];
    expect(() => assertEveryPartitionAcknowledged('orders', batch, result)).toThrow(
      expect.objectContaining({ partitions: [0, 1], messageCount: 20 }),
    );
  });

  it('fails when some messages were never given a partition', () => {
    expect(() => assertEveryPartitionAcknowledged('orders', assigned([[0, 10]], 3), [ack(0)])).toThrow(
      'Kafka reported the batch sent without acknowledging a partition of topic "orders": 3 messages unconfirmed, so the batch is produced again',
    );
  });
});
