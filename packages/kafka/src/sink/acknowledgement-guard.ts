import type { RecordMetadata } from 'kafkajs';

/** Where the producer placed a batch's messages: how many per partition, and how many nowhere. */
export interface BatchAssignment {
  perPartition: ReadonlyMap<number, number>;
  unassigned: number;
}

/**
 * A send resolved without an acknowledgement for every partition its messages went to: those
 * messages may never have been written. The attempt fails and resumes from its checkpoint, so the
 * batch is produced again (duplicates, never loss).
 */
export class UnacknowledgedPartitionsError extends Error {
  override name = 'UnacknowledgedPartitionsError';
  constructor(
    readonly topic: string,
    readonly partitions: number[],
    readonly messageCount: number,
  ) {
    const where =
      partitions.length > 0
        ? `partition${partitions.length === 1 ? '' : 's'} ${partitions.join(', ')} of topic "${topic}"`
        : `a partition of topic "${topic}"`;
    super(
      `Kafka reported the batch sent without acknowledging ${where}: ${messageCount} messages unconfirmed, so the batch is produced again`,
    );
  }
}

/**
 * Checks a produce result against the partitions the batch was assigned to: each needs an
 * acknowledgement without error, and every message needs a partition. kafkajs 2.2.4 could resolve
 * a send without some partitions after a leader moved (patched, see patches/kafkajs@2.2.4.patch);
 * this holds the line should the patch ever be lost in an upgrade.
 */
export function assertEveryPartitionAcknowledged(
  topic: string,
  assignment: BatchAssignment,
  result: readonly RecordMetadata[],
): void {
  const acknowledged = new Set(
    result.filter((entry) => entry.topicName === topic && entry.errorCode === 0).map((entry) => entry.partition),
  );
  const missing = [...assignment.perPartition.keys()]
    .filter((partition) => !acknowledged.has(partition))
    .sort((a, b) => a - b);
  if (missing.length === 0 && assignment.unassigned === 0) return;
  const messageCount =
    assignment.unassigned + missing.reduce((sum, partition) => sum + (assignment.perPartition.get(partition) ?? 0), 0);
  throw new UnacknowledgedPartitionsError(topic, missing, messageCount);
}
