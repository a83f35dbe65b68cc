import kafkajs, { type ICustomPartitioner, type Message } from 'kafkajs';
import type { BatchAssignment } from './acknowledgement-guard.ts';

const { Partitioners } = kafkajs;

export interface PartitionAssignment {
  /** For `producer({ createPartitioner })`: kafkajs's default partitioner, asked once per message. */
  createPartitioner: ICustomPartitioner;
  /** Messages per partition, as the producer assigned them; `unassigned` counts messages it never placed. */
  partitionsOf(messages: readonly Message[]): BatchAssignment;
  /** Where the producer placed one message, if it did. */
  partitionOf(message: Message): number | undefined;
}

/**
 * Remembers the partition each message was given, so a send can be checked against the
 * partitions its messages went to. Each message keeps its first partition: a keyless message is
 * placed round-robin, and a retry that placed it again could move it to a partition that another
 * broker had already acknowledged.
 */
export function createPartitionAssignment(): PartitionAssignment {
  const partitionOf = new WeakMap<Message, number>();
  return {
    createPartitioner: () => {
      const partitioner = Partitioners.DefaultPartitioner();
      return (args) => {
        const known = partitionOf.get(args.message);
        if (known !== undefined) return known;
        const partition = partitioner(args);
        partitionOf.set(args.message, partition);
        return partition;
      };
    },
    partitionOf: (message) => partitionOf.get(message),
    partitionsOf(messages) {
      const perPartition = new Map<number, number>();
      let unassigned = 0;
      for (const message of messages) {
        const partition = partitionOf.get(message);
        if (partition === undefined) unassigned += 1;
        else perPartition.set(partition, (perPartition.get(partition) ?? 0) + 1);
      }
      return { perPartition, unassigned };
    },
  };
}
