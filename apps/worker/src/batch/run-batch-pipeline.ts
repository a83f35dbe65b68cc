import type { TKafkaMessage } from '@tributary/core';
import type { KafkaSink } from '@tributary/kafka';
import { MappingError, type SourceRow } from '@tributary/mapping';
import type { RowBatch, SourceRecord } from '@tributary/sources';
import { prefetchOne } from './prefetch-one.ts';

export interface RowFailure {
  rowNumber: number;
  sourceValues: Record<string, unknown> | { text: string };
  reason: string;
}

export interface PipelineProgress {
  rowsRead: number;
  rowsProduced: number;
  rowsFailed: number;
}

export interface BatchPipelineInput {
  batches: AsyncIterable<RowBatch>;
  toMessage(row: SourceRow): TKafkaMessage;
  sink: Pick<KafkaSink, 'send'>;
  /**
   * Called after each batch is acknowledged by Kafka, with that batch's failed rows and the
   * highest source row number in it (undefined for an empty batch): the checkpoint to save.
   */
  onBatch(progress: PipelineProgress, failures: RowFailure[], lastRowNumber: number | undefined): Promise<void>;
  /** The run fails once more rows than this have failed; undefined means no limit. */
  errorLimit?: number;
  signal?: AbortSignal;
  /** Counts a resumed run starts from (what earlier attempts already had acknowledged). */
  initialProgress?: PipelineProgress;
}

export type PipelineOutcome =
  | { status: 'SUCCEEDED' | 'SUCCEEDED_WITH_ERRORS' | 'CANCELLED'; progress: PipelineProgress }
  | { status: 'FAILED'; progress: PipelineProgress; reason: string };

/** A source batch mapped to messages, ready to produce. */
interface MappedBatch {
  messages: TKafkaMessage[];
  /** The source row of each message, by index: the row a message the topic refuses is reported as. */
  messageRows: SourceRecord[];
  failures: RowFailure[];
  rowsRead: number;
  lastRowNumber: number | undefined;
}

function mapBatch(batch: RowBatch, toMessage: BatchPipelineInput['toMessage']): MappedBatch {
  const failures: RowFailure[] = batch.errors.map((error) => ({
    rowNumber: error.rowNumber,
    sourceValues: { text: error.sourceText },
    reason: error.reason,
  }));
  // Readers give records and errors each in source order, so the last of each is its highest.
  const lastOf = (rows: ReadonlyArray<{ rowNumber: number }>) => rows.at(-1)?.rowNumber ?? -Infinity;
  const highest = Math.max(lastOf(batch.records), lastOf(batch.errors));
  const lastRowNumber = Number.isFinite(highest) ? highest : undefined;
  const messages: TKafkaMessage[] = [];
  const messageRows: SourceRecord[] = [];
  for (const record of batch.records) {
    try {
      messages.push(toMessage(record.values));
      messageRows.push(record);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      failures.push({ rowNumber: record.rowNumber, sourceValues: record.values, reason: error.message });
    }
  }
  return { messages, messageRows, failures, rowsRead: batch.records.length + batch.errors.length, lastRowNumber };
}

async function* mapBatches(batches: AsyncIterable<RowBatch>, toMessage: BatchPipelineInput['toMessage']) {
  for await (const batch of batches) yield mapBatch(batch, toMessage);
}

/**
 * Source batches → column mapping → Kafka. The next batch is read and mapped while the current
 * one is produced (one batch ahead, never more, so memory stays flat), but batches are produced
 * and counted strictly in order: progress and checkpoint only cover rows Kafka acknowledged.
 * A row that cannot be read or mapped, or whose message the topic refuses, is reported and the
 * run goes on.
 */
export async function runBatchPipeline(input: BatchPipelineInput): Promise<PipelineOutcome> {
  const progress: PipelineProgress = { ...(input.initialProgress ?? { rowsRead: 0, rowsProduced: 0, rowsFailed: 0 }) };
  for await (const batch of prefetchOne(mapBatches(input.batches, input.toMessage))) {
    const refused = await input.sink.send(batch.messages);
    const failures = [
      ...batch.failures,
      ...refused.map(({ index, reason }) => {
        const row = batch.messageRows[index]!;
        return { rowNumber: row.rowNumber, sourceValues: row.values, reason };
      }),
    ].sort((a, b) => a.rowNumber - b.rowNumber);
    progress.rowsRead += batch.rowsRead;
    progress.rowsProduced += batch.messages.length - refused.length;
    progress.rowsFailed += failures.length;
    await input.onBatch({ ...progress }, failures, batch.lastRowNumber);
    if (input.errorLimit !== undefined && progress.rowsFailed > input.errorLimit) {
      return {
        status: 'FAILED',
        progress,
        reason: `${progress.rowsFailed} rows failed, more than the error limit of ${input.errorLimit}`,
      };
    }
    if (input.signal?.aborted) return { status: 'CANCELLED', progress };
  }
  // A database source ends its rows quietly when aborted; that is a cancel, not the end of the data.
  if (input.signal?.aborted) return { status: 'CANCELLED', progress };
  return { status: progress.rowsFailed > 0 ? 'SUCCEEDED_WITH_ERRORS' : 'SUCCEEDED', progress };
}
