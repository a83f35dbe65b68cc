import type { TJobDetail, TJobErrorsResponse, TJobListQuery, TJobLogsResponse, TJobSummary } from '@tributary/core';
import type { DbClient } from '@tributary/db';
import { sendJob, type JobQueue } from '@tributary/worker';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';
import { viewableSyncs } from '../permissions/sync-access.ts';
import { errorsCsv } from './errors-csv.ts';

export interface JobServiceDeps {
  db: Pick<DbClient, 'job' | 'jobError' | 'jobLogEntry' | 'sync' | 'auditEvent' | '$transaction'>;
  queue: JobQueue;
  /** pg-boss retries of a failed attempt; the catalog's policy when not given. */
  retryLimit?: number;
}

export type JobService = ReturnType<typeof createJobService>;

const summaryInclude = {
  sync: { select: { id: true, name: true } },
  startedBy: { select: { id: true, email: true } },
} as const;

type JobRow = {
  id: string;
  status: TJobSummary['status'];
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  rowsExpected: bigint | null;
  rowsRead: bigint;
  rowsProduced: bigint;
  rowsFailed: bigint;
  errorMessage: string | null;
  cancelRequestedAt: Date | null;
  sync: { id: string; name: string };
  startedBy: { id: string; email: string } | null;
};

function toSummary(row: JobRow): TJobSummary {
  return {
    id: row.id,
    sync: row.sync,
    status: row.status,
    startedBy: row.startedBy,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    rowsExpected: row.rowsExpected === null ? null : Number(row.rowsExpected),
    rowsRead: Number(row.rowsRead),
    rowsProduced: Number(row.rowsProduced),
    rowsFailed: Number(row.rowsFailed),
    errorMessage: row.errorMessage,
    cancelRequestedAt: row.cancelRequestedAt?.toISOString() ?? null,
  };
}

export function createJobService({ db, queue, retryLimit }: JobServiceDeps) {
  async function findRow(id: string): Promise<JobRow> {
    const row = await db.job.findUnique({ where: { id }, include: summaryInclude });
    if (!row) throw new AppError('NOT_FOUND', `No job with id ${id}`);
    return row;
  }

  return {
    /** The sync a job belongs to, for the route's permission check; undefined when no such job. */
    async syncIdOf(id: string): Promise<string | undefined> {
      const row = await db.job.findUnique({ where: { id }, select: { syncId: true } });
      return row?.syncId;
    },

    /** Jobs of the syncs `actor` may view. */
    async list(query: TJobListQuery, actor: Actor): Promise<TJobSummary[]> {
      const rows = await db.job.findMany({
        where: { syncId: query.syncId, status: query.status, sync: viewableSyncs(actor) },
        include: summaryInclude,
        orderBy: { queuedAt: 'desc' },
        take: 500,
      });
      return rows.map(toSummary);
    },

    async get(id: string): Promise<TJobDetail> {
      const row = await findRow(id);
      const end = row.finishedAt ?? new Date();
      const seconds = row.startedAt ? (end.getTime() - row.startedAt.getTime()) / 1000 : 0;
      return { ...toSummary(row), throughput: seconds > 0 ? Number(row.rowsRead) / seconds : null };
    },

    /** Queues the job and answers at once; a worker picks it up. */
    async start(syncId: string, actor: Actor): Promise<TJobSummary> {
      const sync = await db.sync.findUnique({
        where: { id: syncId },
        select: { sourceType: true, _count: { select: { columnMappings: true } } },
      });
      if (!sync) {
        throw new AppError('NOT_FOUND', `No data sync with id ${syncId}`, [
          { field: 'syncId', message: 'No such data sync' },
        ]);
      }
      const missing = !sync.sourceType ? 'a source' : sync._count.columnMappings === 0 ? 'a column mapping' : null;
      if (missing) {
        const message = `The data sync has no ${missing.slice(2)} yet: set up ${missing} before starting a job`;
        throw new AppError('VALIDATION_FAILED', message, [{ field: 'syncId', message }]);
      }
      // One transaction: the job row, its log line, the audit entry and the queue's job all exist,
      // or none does. The sync's row lock makes two starts of one sync take turns, so the second
      // sees the first's job and is refused.
      const jobId = await db.$transaction(async (tx) => {
        await tx.$queryRaw`select id from syncs where id = ${syncId}::uuid for update`;
        const active = await tx.job.findFirst({
          where: { syncId, status: { in: ['QUEUED', 'RUNNING'] } },
          select: { id: true, status: true },
          orderBy: { queuedAt: 'asc' },
        });
        if (active) {
          const message = `A job of this data sync is already ${active.status === 'QUEUED' ? 'queued' : 'running'} (job ${active.id}); two jobs of one sync would write the same rows to the topic at once. Wait for it to finish, or cancel it`;
          throw new AppError('CONFLICT', message, [{ field: 'syncId', message }]);
        }
        const job = await tx.job.create({ data: { syncId, startedById: actor.id } });
        await tx.jobLogEntry.create({ data: { jobId: job.id, message: `Queued by ${actor.email}` } });
        await recordAudit(tx, actor, { action: 'job.start', targetType: 'job', targetId: job.id, details: { syncId } });
        const pgBossJobId = await sendJob(
          queue,
          'batch-job',
          { jobId: job.id },
          retryLimit === undefined ? {} : { retryLimit },
          tx,
        );
        await tx.job.update({ where: { id: job.id }, data: { pgBossJobId } });
        return job.id;
      });
      return toSummary(await findRow(jobId));
    },

    /** Asks the running job to stop (it notices within seconds); a queued job stops here. */
    async cancel(id: string, actor: Actor): Promise<TJobSummary> {
      const row = await findRow(id);
      if (['QUEUED', 'RUNNING'].includes(row.status) && !row.cancelRequestedAt) {
        await db.job.update({ where: { id }, data: { cancelRequestedAt: new Date() } });
        await db.jobLogEntry.create({ data: { jobId: id, message: `Cancel requested by ${actor.email}` } });
        await recordAudit(db, actor, {
          action: 'job.cancel',
          targetType: 'job',
          targetId: id,
          details: { syncId: row.sync.id },
        });
        // The worker finishes it; a job still waiting in the queue is finished here.
        await db.job.updateMany({
          where: { id, status: 'QUEUED', startedAt: null },
          data: { status: 'CANCELLED', finishedAt: new Date() },
        });
      }
      return toSummary(await findRow(id));
    },

    async errors(id: string, page: { offset: number; limit: number }): Promise<TJobErrorsResponse> {
      const [total, rows] = await Promise.all([
        db.jobError.count({ where: { jobId: id } }),
        db.jobError.findMany({
          where: { jobId: id },
          orderBy: { rowNumber: 'asc' },
          skip: page.offset,
          take: page.limit,
        }),
      ]);
      return {
        total,
        errors: rows.map((row) => ({
          rowNumber: Number(row.rowNumber),
          sourceValues: row.sourceValues as Record<string, unknown>,
          reason: row.reason,
        })),
      };
    },

    /** Every errored row as CSV, read in pages so a large errors table is not held at once. */
    async *errorsCsv(id: string): AsyncGenerator<string> {
      const pages = async function* () {
        const pageSize = 1_000;
        for (let offset = 0; ; offset += pageSize) {
          const rows = await db.jobError.findMany({
            where: { jobId: id },
            orderBy: { rowNumber: 'asc' },
            skip: offset,
            take: pageSize,
          });
          if (rows.length === 0) return;
          yield rows.map((row) => ({
            rowNumber: Number(row.rowNumber),
            sourceValues: row.sourceValues as Record<string, unknown>,
            reason: row.reason,
          }));
        }
      };
      yield* errorsCsv(pages());
    },

    async logs(id: string): Promise<TJobLogsResponse> {
      const rows = await db.jobLogEntry.findMany({ where: { jobId: id }, orderBy: { at: 'asc' }, take: 5_000 });
      return { entries: rows.map((row) => ({ at: row.at.toISOString(), level: row.level, message: row.message })) };
    },
  };
}
