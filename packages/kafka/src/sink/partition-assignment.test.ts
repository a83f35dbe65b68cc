import type { PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createPartitionAssignment } from './partition-assignment.ts';

const partitionMetadata: PartitionMetadata[] = Array.from({ length: 6 }, (_, partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: 1 + (partitionId % 3),
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
}));

describe('createPartitionAssignment', () => {
  it('keeps the first partition of each keyless message when kafkajs places it again on a retry', () => {
    const assignment = createPartitionAssignment();
    const partitioner = assignment.createPartitioner();
    const messages = Array.from({ length: 60 }, (_, i) => ({ key: null, value: `v${i}` }));
    const first = messages.map((message) => partitioner({ topic: 't', partitionMetadata, message }));
    const again = messages.map((message) => partitioner({ topic: 't', partitionMetadata, message }));
    expect(again).toEqual(first);
    // Round-robin: a second placement without memory would have shifted every message.
    expect(new Set(first).size).toBe(6);
  });

  it('places keyed messages as kafkajs does and counts messages per partition', () => {
    const assignment = createPartitionAssignment();
    const partitioner = assignment.createPartitioner();
    const messages = ['a', 'b', 'a', 'c'].map((key) => ({ key, value: 'x' }));
    const partitions = messages.map((message) => partitioner({ topic: 't', partitionMetadata, message }));
    expect(partitions[0]).toBe(partitions[2]);
    const { perPartition, unassigned } = assignment.partitionsOf(messages);
    expect(unassigned).toBe(0);
    expect([...perPartition.values()].reduce((sum, count) => sum + count, 0)).toBe(4);
    expect(perPartition.get(partitions[0]!)).toBeGreaterThanOrEqual(2);
  });

  it('counts messages the producer never placed as unassigned', () => {
    const assignment = createPartitionAssignment();
    expect(assignment.partitionsOf([{ key: 'k', value: 'v' }])).toEqual({ perPartition: new Map(), unassigned: 1 });
  });
});
