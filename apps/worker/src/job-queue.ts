import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { ensureQueues, sendJob, type QueueSettings } from './job-catalog.ts';
import { requeueUnfinishedJobs, setAsideUnmigratableQueueSchema } from './queue-upgrade.ts';

export interface JobQueueOptions extends QueueSettings {
  databaseUrl: string;
  logger: Logger;
  /** Run pg-boss maintenance (expiry, retention) in this process; at least one process must. */
  isSupervisor: boolean;
  /** How often the supervisor looks for jobs whose worker died (pg-boss's default is 60 s). */
  maintenanceIntervalSeconds?: number;
}

export type JobQueue = PgBoss;

const QUEUE_SCHEMA = 'pgboss';

/** Starts pg-boss on the app database (its own `pgboss` schema, created or upgraded here). */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const retired = await setAsideUnmigratableQueueSchema(options.databaseUrl, QUEUE_SCHEMA);
  const interval = options.maintenanceIntervalSeconds;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: QUEUE_SCHEMA,
    supervise: options.isSupervisor,
    max: 5,
    // pg-boss 12 expires the jobs of dead workers in its monitor pass, which runs at the longer of
    // the two intervals.
    ...(interval && { superviseIntervalSeconds: interval, monitorIntervalSeconds: interval }),
  });
  boss.on('error', (error: unknown) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await ensureQueues(boss, options);
  if (retired) {
    const requeued = await requeueUnfinishedJobs(options.databaseUrl, retired, (jobId) =>
      sendJob(boss, 'batch-job', { jobId }, options.retryLimit === undefined ? {} : { retryLimit: options.retryLimit }),
    );
    options.logger.info(
      { requeued },
      `upgraded the job queue from pg-boss 10: ${requeued} unfinished jobs were queued again and resume from their checkpoints`,
    );
  }
  return boss;
}
