import { FINISHED_JOB_STATUSES, type TJobStatus } from '@tributary/core';
import type { DbClient, SecretBox } from '@tributary/db';
import {
  DestinationError,
  KafkaDeliveryError,
  openKafkaSink,
  UnacknowledgedPartitionsError,
  type KafkaSink,
} from '@tributary/kafka';
import { compileMapping } from '@tributary/mapping';
import {
  countSourceRows,
  SourceReadError,
  streamSourceRows,
  type ReadOptions,
  type RowBatch,
} from '@tributary/sources';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { sendJob, type QueuePayload } from '../job-catalog.ts';
import { loadStoredSync } from '../sync/stored-sync.ts';
import { readableSource } from '../sync/readable-source.ts';
import { tryLockJob } from './job-lock.ts';
import { checkpointOf, jobRecord } from './job-record.ts';
import { runBatchPipeline } from './run-batch-pipeline.ts';

export interface BatchJobDeps {
  db: DbClient;
  secretBox: SecretBox;
  boss: PgBoss;
  databaseUrl: string;
  logger: Logger;
  /** How often a run looks for a cancel request while it works or waits on Kafka. */
  cancelPollMs?: number;
  /** kafkajs retries (exponential backoff, about a minute in all) before an attempt gives up. */
  producerRetries?: number;
  /** Each fetch's timeout, and Tributary's own database, which no source may read. */
  sourceReads?: Pick<ReadOptions, 'timeout' | 'ownDatabase'>;
  /** Aborted when the process shuts down: running jobs stop and go back to the queue. */
  shutdown?: AbortSignal;
  /** Told of producer retries and of attempts that end on a producer error (metrics). */
  observer?: ProducerObserver;
}

export interface ProducerObserver {
  producerRetry(syncId: string): void;
  producerError(syncId: string): void;
}

/** Errors that come from producing to Kafka, as opposed to the source, the mapping or the database. */
const isProducerError = (error: unknown) =>
  error instanceof DestinationError ||
  error instanceof KafkaDeliveryError ||
  error instanceof UnacknowledgedPartitionsError ||
  (error as { name?: string } | null)?.name?.startsWith('KafkaJS') === true;

/** Jobs one process runs at the same time. */
const JOBS_PER_PROCESS = 2;

/** A problem no retry can fix (the sync has no source or mapping): the job fails at once, as for a DestinationError. */
class JobSetupError extends Error {}
class JobCancelled extends Error {}
class WorkerStopping extends Error {
  override message = 'The worker stopped; the job resumes from its checkpoint on a worker';
}

/** Skips what earlier attempts acknowledged; batches wholly past the checkpoint pass untouched. */
async function* resumeAfter(batches: AsyncIterable<RowBatch>, lastRowNumber: number) {
  let isPastCheckpoint = lastRowNumber <= 0;
  for await (const batch of batches) {
    if (isPastCheckpoint) {
      yield batch;
      continue;
    }
    const records = batch.records.filter((record) => record.rowNumber > lastRowNumber);
    const errors = batch.errors.filter((error) => error.rowNumber > lastRowNumber);
    isPastCheckpoint = records.length === batch.records.length && errors.length === batch.errors.length;
    if (records.length === 0 && errors.length === 0) continue;
    yield { records, errors };
  }
}

/** How long a cancel waits for the batch in flight, so what Kafka took is counted. */
const CANCEL_GRACE_MS = 5_000;

/**
 * A sink whose send, once the job is cancelled, waits a few seconds for the batch in flight (so
 * it is counted) and then stops waiting (brokers away, retries running).
 */
function cancellableSink(sink: KafkaSink, signal: AbortSignal): Pick<KafkaSink, 'send'> {
  return {
    send: (messages) =>
      new Promise((resolve, reject) => {
        if (signal.aborted) return reject(new JobCancelled());
        let timer: NodeJS.Timeout | undefined;
        const onAbort = () => (timer = setTimeout(() => reject(new JobCancelled()), CANCEL_GRACE_MS));
        signal.addEventListener('abort', onAbort, { once: true });
        sink
          .send(messages)
          .then(resolve, reject)
          .finally(() => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
          });
      }),
  };
}

/**
 * Works one `batch-job`: streams the sync's source, maps each row and produces it, saving counts,
 * errors and the checkpoint after every acknowledged batch. A retried or re-delivered job resumes
 * after its checkpoint, so only the batch in flight at a crash can be produced twice.
 */
export async function handleBatchJob(
  deps: BatchJobDeps,
  pgJob: JobWithMetadata<QueuePayload<'batch-job'>>,
): Promise<void> {
  const { jobId } = pgJob.data;
  const lock = await tryLockJob(deps.databaseUrl, jobId);
  if (!lock) {
    // pg-boss expired a run that is still alive elsewhere (it has no heartbeat): look again later,
    // so the job is picked up if that worker dies.
    await sendJob(
      deps.boss,
      'batch-job',
      { jobId },
      { startAfter: Math.max(1, Math.ceil(pgJob.expireInSeconds / 2)), retryLimit: pgJob.retryLimit },
    );
    return;
  }
  try {
    await runJob(deps, pgJob);
  } finally {
    await lock.release();
  }
}

async function runJob(deps: BatchJobDeps, pgJob: JobWithMetadata<QueuePayload<'batch-job'>>): Promise<void> {
  const { db } = deps;
  const { jobId } = pgJob.data;
  const record = jobRecord(db, jobId);
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || FINISHED_JOB_STATUSES.includes(job.status as TJobStatus)) return;
  if (job.cancelRequestedAt) {
    await record.log('info', 'Cancelled before it started');
    return record.finish('CANCELLED', null);
  }

  const attempt = job.attempt + 1;
  const checkpoint = checkpointOf(job.checkpoint);
  await db.job.update({
    where: { id: jobId },
    data: { status: 'RUNNING', startedAt: job.startedAt ?? new Date(), attempt, pgBossJobId: pgJob.id },
  });
  await record.log(
    'info',
    checkpoint.lastRowNumber > 0
      ? `Attempt ${attempt}: resuming after source row ${checkpoint.lastRowNumber} (${job.rowsProduced} rows already produced)`
      : `Attempt ${attempt}: started`,
  );

  const controller = new AbortController();
  let isCancelRequested = false;
  const onShutdown = () => controller.abort();
  deps.shutdown?.addEventListener('abort', onShutdown, { once: true });
  const cancelPoll = setInterval(() => {
    db.job
      .findUnique({ where: { id: jobId }, select: { cancelRequestedAt: true } })
      .then((row) => {
        if (row?.cancelRequestedAt) {
          isCancelRequested = true;
          controller.abort();
        }
      })
      .catch((error: unknown) => deps.logger.warn({ err: error, jobId }, 'could not check for a cancel request'));
  }, deps.cancelPollMs ?? 1_000);

  let sink: KafkaSink | undefined;
  try {
    const sync = await loadStoredSync(db, deps.secretBox, job.syncId);
    if (!sync) throw new JobSetupError('The data sync was deleted');
    if (!sync.source) throw new JobSetupError('The data sync has no source');
    if (!sync.columnMapping) throw new JobSetupError('The data sync has no column mapping');
    const source = readableSource(sync.source, db);
    const toMessage = compileMapping(sync.columnMapping);

    if (job.rowsExpected === null) {
      const expected = await countSourceRows(source, deps.sourceReads);
      await db.job.update({ where: { id: jobId }, data: { rowsExpected: BigInt(expected) } });
      await record.log('info', `${expected} rows to read from the ${sync.source.type} source`);
    }

    sink = await openKafkaSink(sync.destination, {
      compression: sync.jobSettings.compression,
      clientId: `tributary-job-${jobId}`,
      retries: deps.producerRetries,
      onRetry: () => deps.observer?.producerRetry(job.syncId),
      onDeliveryNotice: (message) =>
        void record
          .log('warn', message)
          .catch((error: unknown) => deps.logger.warn({ err: error, jobId }, 'could not log a delivery notice')),
    });
    await record.log(
      'info',
      `Producing to topic "${sync.destination.topic}" in batches of ${sync.jobSettings.batchSize} rows (compression: ${sync.jobSettings.compression})`,
    );

    // The pipeline reads a batch ahead, so the checkpoint comes with each acknowledged batch, not
    // from the reader's position.
    let checkpointRow = checkpoint.lastRowNumber;
    const outcome = await runBatchPipeline({
      batches: resumeAfter(
        streamSourceRows(source, {
          ...deps.sourceReads,
          batchSize: sync.jobSettings.batchSize,
          signal: controller.signal,
        }),
        checkpoint.lastRowNumber,
      ),
      toMessage,
      sink: cancellableSink(sink, controller.signal),
      errorLimit: sync.jobSettings.errorLimit ?? undefined,
      signal: controller.signal,
      initialProgress: {
        rowsRead: Number(job.rowsRead),
        rowsProduced: Number(job.rowsProduced),
        rowsFailed: Number(job.rowsFailed),
      },
      onBatch: (progress, failures, lastRowNumber) => {
        checkpointRow = lastRowNumber ?? checkpointRow;
        return record.saveBatch(progress, failures, { lastRowNumber: checkpointRow });
      },
    });

    if (outcome.status === 'CANCELLED' && !isCancelRequested) throw new WorkerStopping();
    const { rowsProduced, rowsFailed } = outcome.progress;
    if (outcome.status === 'FAILED') {
      await record.log('error', outcome.reason);
      return await record.finish('FAILED', outcome.reason);
    }
    await record.log(
      'info',
      outcome.status === 'CANCELLED'
        ? `Cancelled: ${rowsProduced} rows were produced before it stopped`
        : `Finished: ${rowsProduced} rows produced, ${rowsFailed} failed`,
    );
    return await record.finish(outcome.status, null);
  } catch (error) {
    if (controller.signal.aborted && !isCancelRequested) {
      // Failing the pg-boss job hands it back to the queue; the retry resumes after the checkpoint.
      await record.log('warn', new WorkerStopping().message);
      throw new WorkerStopping();
    }
    if (controller.signal.aborted) {
      const row = await db.job.findUnique({ where: { id: jobId }, select: { rowsProduced: true } });
      await record.log('info', `Cancelled: ${row?.rowsProduced ?? 0} rows were produced before it stopped`);
      return await record.finish('CANCELLED', null);
    }
    if (isProducerError(error)) deps.observer?.producerError(job.syncId);
    const reason = (error as Error).message;
    // A refused source (its own database, a query that writes) stays refused; a timeout may pass.
    const isRefusedSource = error instanceof SourceReadError && error.code !== 'TIMEOUT';
    const isHopeless = error instanceof JobSetupError || error instanceof DestinationError || isRefusedSource;
    if (isHopeless || pgJob.retryCount >= pgJob.retryLimit) {
      await record.log('error', `Failed: ${reason}`);
      return await record.finish('FAILED', reason);
    }
    await record.log(
      'warn',
      `Attempt ${attempt} failed: ${reason}. It is retried (${pgJob.retryLimit - pgJob.retryCount} retries left) and resumes after the last acknowledged batch`,
    );
    throw error;
  } finally {
    clearInterval(cancelPoll);
    deps.shutdown?.removeEventListener('abort', onShutdown);
    await sink?.close().catch(() => undefined);
  }
}

/**
 * Starts working `batch-job`s in this process. The returned `stop` makes running jobs stop after
 * their current batch and go back to the queue; call it before stopping pg-boss.
 */
export async function startBatchJobWorker(deps: Omit<BatchJobDeps, 'shutdown'>): Promise<{ stop(): void }> {
  const shutdown = new AbortController();
  await deps.boss.work(
    'batch-job',
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1, localConcurrency: JOBS_PER_PROCESS },
    async ([pgJob]: JobWithMetadata<QueuePayload<'batch-job'>>[]) => {
      if (pgJob) await handleBatchJob({ ...deps, shutdown: shutdown.signal }, pgJob);
    },
  );
  return { stop: () => shutdown.abort() };
}
