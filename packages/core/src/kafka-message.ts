/** One message for the Kafka topic, as the column mapping produced it. */
export interface TKafkaMessage {
  /** Message key (same key → same partition), or null when the sync has no key column. */
  key: string | null;
  /** The JSON value. */
  value: string;
}

export const COMPRESSION_CODECS = ['none', 'gzip'] as const;
export type TCompressionCodec = (typeof COMPRESSION_CODECS)[number];
