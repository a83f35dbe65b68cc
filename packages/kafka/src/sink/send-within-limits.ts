import type { TCompressionCodec, TKafkaMessage } from '@tributary/core';
import { errorChain } from '../diagnose/explain-error.ts';
import { oversizeReason, refusedAsTooLargeReason, splitIntoSends, type TopicLimits } from './message-size.ts';

/** A message the topic does not take, by its index in the send, and why: the job records it as a row error. */
export interface RefusedMessage {
  index: number;
  reason: string;
}

/** The broker's answers for a record batch too large for the topic (or for its log segments). */
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

const tooLargeType = (error: unknown) => errorChain(error).find((e) => TOO_LARGE.has(e.type ?? ''))?.type;

export interface SendWithinLimitsOptions {
  topic: string;
  limits: TopicLimits;
  compression: TCompressionCodec;
  produce(messages: TKafkaMessage[]): Promise<void>;
  /**
   * Called after the broker refused a send: the producer is replaced, because kafkajs forgets the
   * sequence numbers of every partition in the refused request, also of those the broker wrote, and
   * an idempotent producer that reused them would have its next batches dropped as duplicates.
   */
  replaceProducer(): Promise<void>;
}

type Entry = { index: number; message: TKafkaMessage };

/**
 * Produces what the topic takes and answers what it does not: messages over the topic's
 * max.message.bytes are refused before sending; the rest go in sends whose record batches stay
 * under it. Should the broker still refuse a send as too large (its limit unreadable here), the
 * send is halved until the refused message stands alone. Resolves once the rest is acknowledged.
 */
export async function sendWithinLimits(
  messages: TKafkaMessage[],
  options: SendWithinLimitsOptions,
): Promise<RefusedMessage[]> {
  const { topic, limits, compression } = options;
  const refused: RefusedMessage[] = [];
  const accepted: Entry[] = [];
  messages.forEach((message, index) => {
    const reason = oversizeReason(message, topic, limits, compression);
    if (reason) refused.push({ index, reason });
    else accepted.push({ index, message });
  });

  async function sendIsolatingRefused(entries: Entry[]): Promise<void> {
    try {
      await options.produce(entries.map((entry) => entry.message));
    } catch (error) {
      const type = tooLargeType(error);
      if (!type) throw error;
      await options.replaceProducer();
      const [lone] = entries;
      if (entries.length === 1 && lone) {
        refused.push({ index: lone.index, reason: refusedAsTooLargeReason(lone.message, topic, compression, type) });
        return;
      }
      const half = Math.ceil(entries.length / 2);
      await sendIsolatingRefused(entries.slice(0, half));
      await sendIsolatingRefused(entries.slice(half));
    }
  }

  for (const send of splitIntoSends(accepted, limits)) await sendIsolatingRefused(send);
  return refused.sort((a, b) => a.index - b.index);
}
