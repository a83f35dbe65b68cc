import type { TKafkaMessage } from '@tributary/core';
import type { KafkaSink } from '@tributary/kafka';
import { MappingError, type SourceRow } from '@tributary/mapping';
import type { RowBatch } from '@tributary/sources';

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
  /** Called after each batch is acknowledged by Kafka, with that batch's failed rows. */
  onBatch(progress: PipelineProgress, failures: RowFailure[]): Promise<void>;
  /** The run fails once more rows than this have failed; undefined means no limit. */
  errorLimit?: number;
  signal?: AbortSignal;
  /** Counts a resumed run starts from (what earlier attempts already had acknowledged). */
  initialProgress?: PipelineProgress;
}

export type PipelineOutcome =
  | { status: 'SUCCEEDED' | 'SUCCEEDED_WITH_ERRORS' | 'CANCELLED'; progress: PipelineProgress }
  | { status: 'FAILED'; progress: PipelineProgress; reason: string };

/**
 * Source batches → column mapping → Kafka, one batch at a time: a batch is produced and
 * acknowledged before the next is read, so memory stays flat and progress only counts rows
 * Kafka has. A row that cannot be read or mapped is reported and the run goes on.
 */
export async function runBatchPipeline(input: BatchPipelineInput): Promise<PipelineOutcome> {
  const progress: PipelineProgress = { ...(input.initialProgress ?? { rowsRead: 0, rowsProduced: 0, rowsFailed: 0 }) };
  for await (const batch of input.batches) {
    const failures: RowFailure[] = batch.errors.map((error) => ({
      rowNumber: error.rowNumber,
      sourceValues: { text: error.sourceText },
      reason: error.reason,
    }));
    const messages: TKafkaMessage[] = [];
    for (const record of batch.records) {
      try {
        messages.push(input.toMessage(record.values));
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        failures.push({ rowNumber: record.rowNumber, sourceValues: record.values, reason: error.message });
      }
    }
    await input.sink.send(messages);
    progress.rowsRead += batch.records.length + batch.errors.length;
    progress.rowsProduced += messages.length;
    progress.rowsFailed += failures.length;
    await input.onBatch({ ...progress }, failures);
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
