import { setTimeout as sleep } from 'node:timers/promises';
import { toStorableJson, toStorableText, type TJobStatus } from '@tributary/core';
import type { DbClient } from '@tributary/db';
import type { PipelineProgress, RowFailure } from './run-batch-pipeline.ts';

type JobDb = Pick<DbClient, 'job' | 'jobError' | 'jobLogEntry' | '$transaction'>;

/** Where a resumed run continues: every source row up to this number was acknowledged or recorded. */
export interface JobCheckpoint {
  lastRowNumber: number;
}

export function checkpointOf(value: unknown): JobCheckpoint {
  const lastRowNumber = (value as { lastRowNumber?: unknown } | null)?.lastRowNumber;
  return { lastRowNumber: typeof lastRowNumber === 'number' ? lastRowNumber : 0 };
}

/**
 * Waits between tries of saving a batch Kafka acknowledged (about 30 s in all, through a database
 * restart): a retried attempt would resume from the checkpoint before it and produce it again.
 */
const SAVE_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 15_000];

async function withSaveRetries(save: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await save();
      return;
    } catch (error) {
      const delay = SAVE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw error;
      await sleep(delay);
    }
  }
}

/**
 * The jobs row and its log and errors, as the worker writes them. Source content and error
 * messages go in through toStorableText/toStorableJson: no value may make a save fail.
 */
export function jobRecord(db: JobDb, jobId: string) {
  return {
    log(level: 'debug' | 'info' | 'warn' | 'error', message: string) {
      return db.jobLogEntry.create({ data: { jobId, level, message: toStorableText(message) } });
    },

    /**
     * Counts, errors and checkpoint move together: one transaction when the batch has failed rows,
     * else the single update of the jobs row (atomic alone, and three round trips fewer per batch).
     * Tried again for a while when the database fails, since Kafka already has the batch.
     */
    async saveBatch(progress: PipelineProgress, failures: RowFailure[], checkpoint: JobCheckpoint) {
      const errors = failures.map((failure) => ({
        jobId,
        rowNumber: BigInt(failure.rowNumber),
        sourceValues: toStorableJson(failure.sourceValues),
        reason: toStorableText(failure.reason),
      }));
      const saveProgress = () =>
        db.job.update({
          where: { id: jobId },
          data: {
            rowsRead: BigInt(progress.rowsRead),
            rowsProduced: BigInt(progress.rowsProduced),
            rowsFailed: BigInt(progress.rowsFailed),
            checkpoint: { ...checkpoint },
          },
        });
      await withSaveRetries(() =>
        errors.length === 0
          ? saveProgress()
          : db.$transaction([db.jobError.createMany({ data: errors }), saveProgress()]),
      );
    },

    async finish(status: TJobStatus, errorMessage: string | null) {
      await db.job.update({
        where: { id: jobId },
        data: {
          status,
          errorMessage: errorMessage === null ? null : toStorableText(errorMessage),
          finishedAt: new Date(),
        },
      });
    },
  };
}
