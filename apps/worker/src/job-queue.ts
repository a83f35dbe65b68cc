import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { ensureQueues, type QueueSettings } from './job-catalog.ts';

export interface JobQueueOptions extends QueueSettings {
  databaseUrl: string;
  logger: Logger;
  /** Run pg-boss maintenance (expiry, retention) in this process; at least one process must. */
  isSupervisor: boolean;
  /** How often maintenance expires the jobs of dead workers (pg-boss's default is 120 s). */
  maintenanceIntervalSeconds?: number;
}

export type JobQueue = PgBoss;

/** Starts pg-boss on the app database (its own `pgboss` schema, created or upgraded here). */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    supervise: options.isSupervisor,
    max: 5,
    ...(options.maintenanceIntervalSeconds && { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await ensureQueues(boss, options);
  return boss;
}
