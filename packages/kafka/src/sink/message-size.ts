import { gzipSync } from 'node:zlib';
import type { TCompressionCodec, TKafkaMessage } from '@tributary/core';
import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { ConfigResourceTypes } = kafkajs;

/**
 * The broker compares each record batch, header included, with the topic's max.message.bytes
 * (Kafka's default: 1 MiB plus the 12 bytes of offset and length before a batch).
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
/** Offset, length, epoch, magic, CRC, attributes, offsets, timestamps, producer id/epoch, sequence, count. */
const RECORD_BATCH_HEADER_BYTES = 61;
/** A produce request stays well under the broker's socket.request.max.bytes (100 MiB) whatever the topic allows. */
const MAX_REQUEST_BATCH_BYTES = 8 * 1024 * 1024;
/**
 * In a batch of many, a record's timestamp and offset deltas take up to 4 bytes each (< 2^27 ms,
 * < 2^27 records) instead of 1 alone, and its length prefix may grow by a byte.
 */
const MORE_DELTA_BYTES_IN_BATCH = 7;

/** What the topic accepts, when the principal may read its configuration. */
export interface TopicLimits {
  maxMessageBytes?: number;
}

/** The topic's effective max.message.bytes (its own, or the broker's default); nothing when not allowed to describe it. */
export async function readTopicLimits(admin: Admin, topic: string): Promise<TopicLimits> {
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
    });
    const resource = described.resources[0];
    const value = resource?.errorCode
      ? undefined
      : resource?.configEntries.find((entry) => entry.configName === 'max.message.bytes')?.configValue;
    const maxMessageBytes = Number(value);
    return Number.isInteger(maxMessageBytes) && maxMessageBytes > 0 ? { maxMessageBytes } : {};
  } catch {
    return {};
  }
}

/** Bytes of a zigzag varint, as Kafka's record format writes lengths and deltas. */
function varintBytes(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes += 1;
  }
  return bytes;
}

/**
 * The message as a record of Kafka's v2 format alone in its batch (deltas 0), without headers:
 * length, attributes, deltas, key, value, header count. Measured once per message.
 */
export function loneRecordBytes(message: TKafkaMessage): number {
  const keyBytes = message.key === null ? -1 : Buffer.byteLength(message.key);
  const valueBytes = Buffer.byteLength(message.value);
  const body = 1 + 2 + varintBytes(keyBytes) + Math.max(keyBytes, 0) + varintBytes(valueBytes) + valueBytes + 1;
  return varintBytes(body) + body;
}

/** The record's bytes as kafkajs writes them for a batch of one (deltas 0), to measure it compressed. */
function encodeLoneRecord(message: TKafkaMessage): Buffer {
  const varint = (value: number) => {
    const bytes: number[] = [];
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zigzag >= 128) {
      bytes.push((zigzag % 128) | 128);
      zigzag = Math.floor(zigzag / 128);
    }
    bytes.push(zigzag);
    return Buffer.from(bytes);
  };
  const key = message.key === null ? null : Buffer.from(message.key);
  const value = Buffer.from(message.value);
  const body = Buffer.concat([
    Buffer.from([0, 0, 0]), // attributes, timestamp delta, offset delta
    varint(key ? key.length : -1),
    ...(key ? [key] : []),
    varint(value.length),
    value,
    Buffer.from([0]), // no headers
  ]);
  return Buffer.concat([varint(body.length), body]);
}

/** The size the broker checks against max.message.bytes for this message sent alone. */
export function loneMessageBytes(message: TKafkaMessage, compression: TCompressionCodec): number {
  const plain = RECORD_BATCH_HEADER_BYTES + loneRecordBytes(message);
  if (compression === 'none') return plain;
  return Math.min(plain, RECORD_BATCH_HEADER_BYTES + gzipSync(encodeLoneRecord(message)).length);
}

const formatBytes = (bytes: number) => bytes.toLocaleString('en-US');

/** Why the topic will refuse this message, before it is sent; undefined when it fits (or the limit is unknown). */
export function oversizeReason(
  message: TKafkaMessage,
  recordBytes: number,
  topic: string,
  limits: TopicLimits,
  compression: TCompressionCodec,
): string | undefined {
  const limit = limits.maxMessageBytes;
  if (limit === undefined || RECORD_BATCH_HEADER_BYTES + recordBytes <= limit) return undefined;
  const size = loneMessageBytes(message, compression);
  if (size <= limit) return undefined;
  return `the message is ${formatBytes(size)} bytes${compression === 'none' ? '' : ` compressed`}; topic ${topic} accepts at most ${formatBytes(limit)} (max.message.bytes)`;
}

/** The reason for a message the broker refused as too large although its limit was unknown here. */
export function refusedAsTooLargeReason(
  message: TKafkaMessage,
  topic: string,
  compression: TCompressionCodec,
  errorType: string,
): string {
  const size = loneMessageBytes(message, compression);
  return `the message is ${formatBytes(size)} bytes${compression === 'none' ? '' : ' compressed'}; topic ${topic} refused it as larger than it accepts (${errorType})`;
}

/**
 * Splits messages into sends the broker takes: kafkajs writes all of a send's messages for one
 * partition as one record batch, which the broker refuses whole when it exceeds max.message.bytes
 * even though every message fits. Sizes are counted uncompressed, which compression only shrinks;
 * a message that only fits compressed goes alone. Order is kept.
 */
export function splitIntoSends<T extends { recordBytes: number }>(entries: T[], limits: TopicLimits): T[][] {
  const budget = Math.min(limits.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, MAX_REQUEST_BATCH_BYTES);
  const sends: T[][] = [];
  let current: T[] = [];
  let bytes = RECORD_BATCH_HEADER_BYTES;
  for (const entry of entries) {
    const size = entry.recordBytes + MORE_DELTA_BYTES_IN_BATCH;
    if (current.length > 0 && bytes + size > budget) {
      sends.push(current);
      current = [];
      bytes = RECORD_BATCH_HEADER_BYTES;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}
