import type { TJobStatus } from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';
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

/** JSON-safe copy of a row's values for the errors table: bigint, NaN and Infinity kept as text. */
function jsonValues(values: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(
    JSON.stringify(values, (_key, value: unknown) =>
      typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value)) ? String(value) : value,
    ),
  ) as Prisma.InputJsonValue;
}

/** The jobs row and its log and errors, as the worker writes them. */
export function jobRecord(db: JobDb, jobId: string) {
  return {
    log(level: 'debug' | 'info' | 'warn' | 'error', message: string) {
      return db.jobLogEntry.create({ data: { jobId, level, message } });
    },

    /**
     * Counts, errors and checkpoint move together: one transaction when the batch has failed rows,
     * else the single update of the jobs row (atomic alone, and three round trips fewer per batch).
     */
    async saveBatch(progress: PipelineProgress, failures: RowFailure[], checkpoint: JobCheckpoint) {
      const saveProgress = db.job.update({
        where: { id: jobId },
        data: {
          rowsRead: BigInt(progress.rowsRead),
          rowsProduced: BigInt(progress.rowsProduced),
          rowsFailed: BigInt(progress.rowsFailed),
          checkpoint: { ...checkpoint },
        },
      });
      if (failures.length === 0) {
        await saveProgress;
        return;
      }
      await db.$transaction([
        db.jobError.createMany({
          data: failures.map((failure) => ({
            jobId,
            rowNumber: BigInt(failure.rowNumber),
            sourceValues: jsonValues(failure.sourceValues),
            reason: failure.reason,
          })),
        }),
        saveProgress,
      ]);
    },

    async finish(status: TJobStatus, errorMessage: string | null) {
      await db.job.update({ where: { id: jobId }, data: { status, errorMessage, finishedAt: new Date() } });
    },
  };
}
