import type { TCompressionCodec, TKafkaMessage } from '@tributary/core';
import { errorChain } from '../diagnose/explain-error.ts';
import {
  loneRecordBytes,
  oversizeReason,
  refusedAsTooLargeReason,
  splitIntoSends,
  type TopicLimits,
} from './message-size.ts';

/** A message the topic does not take, by its index in the send, and why: the job records it as a row error. */
export interface RefusedMessage {
  index: number;
  reason: string;
}

/** A message, pinned to the partition a refused send had put it in. */
export type PinnedMessage = TKafkaMessage & { partition?: number };

/** The broker's answers for a record batch too large for the topic (or for its log segments). */
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

const tooLargeType = (error: unknown) => errorChain(error).find((e) => TOO_LARGE.has(e.type ?? ''))?.type;

export interface SendWithinLimitsOptions {
  topic: string;
  limits: TopicLimits;
  compression: TCompressionCodec;
  /** Produces with the sink's idempotent producer; resolves once all are acknowledged. */
  produce(messages: PinnedMessage[]): Promise<void>;
  /** Where the producer put a message of the last send that failed. */
  partitionOf(message: PinnedMessage): number | undefined;
}

type Entry = { index: number; message: PinnedMessage; recordBytes: number };

/**
 * Produces what the topic takes and answers what it does not: messages over the topic's
 * max.message.bytes are refused before sending; the rest go in sends whose record batches stay
 * under it. Should the broker still refuse a send as too large (its limit unreadable here), the
 * refused message is isolated and the others produced. Resolves once they are acknowledged.
 */
export async function sendWithinLimits(
  messages: TKafkaMessage[],
  options: SendWithinLimitsOptions,
): Promise<RefusedMessage[]> {
  const { topic, limits, compression, produce } = options;
  const refused: RefusedMessage[] = [];
  const accepted: Entry[] = [];
  messages.forEach((message, index) => {
    const recordBytes = loneRecordBytes(message);
    const reason = oversizeReason(message, recordBytes, topic, limits, compression);
    if (reason) refused.push({ index, reason });
    else accepted.push({ index, message, recordBytes });
  });

  /**
   * The broker wrote the other partitions of a request it refused one partition of, but kafkajs
   * took their sequence numbers back. Each partition's batch is therefore sent again exactly as
   * it was, alone: the idempotent broker drops a batch it already wrote as a duplicate (same
   * producer, same sequence numbers) and refuses again the one it refused, which is then halved
   * until the refused message stands alone. A refused request of one partition writes nothing.
   * (Partitions led by another broker, whose request went through, get their batch twice: kafkajs
   * does not say which broker refused.)
   */
  async function isolateInPartition(entries: Entry[], partition: number | undefined): Promise<void> {
    try {
      await produce(entries.map((entry) => ({ ...entry.message, partition })));
    } catch (error) {
      const type = tooLargeType(error);
      const [lone] = entries;
      if (!type || !lone) throw error;
      if (entries.length === 1) {
        refused.push({ index: lone.index, reason: refusedAsTooLargeReason(lone.message, topic, compression, type) });
        return;
      }
      const half = Math.ceil(entries.length / 2);
      await isolateInPartition(entries.slice(0, half), partition);
      await isolateInPartition(entries.slice(half), partition);
    }
  }

  for (const send of splitIntoSends(accepted, limits)) {
    try {
      await produce(send.map((entry) => entry.message));
    } catch (error) {
      if (!tooLargeType(error)) throw error;
      const byPartition = new Map<number | undefined, Entry[]>();
      for (const entry of send) {
        const partition = options.partitionOf(entry.message);
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), entry]);
      }
      for (const [partition, entries] of byPartition) await isolateInPartition(entries, partition);
    }
  }
  return refused.sort((a, b) => a.index - b.index);
}
