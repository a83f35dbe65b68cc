import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  /** Run pg-boss maintenance (expiry, retention) in this process; at least one process must. */
  isSupervisor: boolean;
}

export type JobQueue = PgBoss;

/** Starts pg-boss on the app database (its own `pgboss` schema, created or upgraded here). */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    supervise: options.isSupervisor,
    max: 5,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  return boss;
}
