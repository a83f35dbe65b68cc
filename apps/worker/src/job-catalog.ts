import { fromPrisma, type PgBoss, type PrismaTransactionLike, type SendOptions } from 'pg-boss';
import { z } from 'zod';

/**
 * Every queue, its payload and its retry policy, in one place: the API only sends these, the
 * worker only works them. A job that fails (brokers away longer than the producer's own
 * retries) or expires (its worker was killed) is retried with exponential backoff.
 */
export const JOB_CATALOG = {
  'batch-job': {
    payload: z.object({ jobId: z.uuid() }),
    policy: { retryLimit: 5, retryDelay: 5, retryBackoff: true },
  },
  /** Hourly clean-up of uploads no sync uses (maintenance/source-file-sweeper). */
  'sweep-source-files': {
    payload: z.object({}),
    policy: { retryLimit: 1, retryDelay: 60, retryBackoff: false },
  },
} as const;

export type QueueName = keyof typeof JOB_CATALOG;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof JOB_CATALOG)[Q]['payload']>;

export interface QueueSettings {
  /**
   * pg-boss expires an active job whose worker died is retried once this many
   * seconds passed since it started. A live run that outlasts it keeps its lock, and the retry
   * only re-checks later (see batch-job-handler).
   */
  expireInSeconds: number;
  /** Overrides the catalog's retry limit of every queue (operators tune it with TRIBUTARY_JOB_RETRIES). */
  retryLimit?: number;
}

/** Creates (or updates) every queue with its policy; pg-boss refuses to send to a missing queue. */
export async function ensureQueues(boss: PgBoss, settings: QueueSettings): Promise<void> {
  for (const [name, entry] of Object.entries(JOB_CATALOG)) {
    const options = {
      name,
      ...entry.policy,
      expireInSeconds: settings.expireInSeconds,
      ...(settings.retryLimit !== undefined && { retryLimit: settings.retryLimit }),
    };
    await boss.createQueue(name, options);
    await boss.updateQueue(name, options);
  }
}

/** Queues a job; given a Prisma transaction, the queue's row commits (or not) with it. */
export async function sendJob<Q extends QueueName>(
  boss: PgBoss,
  queue: Q,
  payload: QueuePayload<Q>,
  options: SendOptions = {},
  transaction?: PrismaTransactionLike,
): Promise<string> {
  const data = JOB_CATALOG[queue].payload.parse(payload);
  const id = await boss.send(queue, data, {
    ...JOB_CATALOG[queue].policy,
    ...options,
    ...(transaction && { db: fromPrisma(transaction) }),
  });
  if (!id) throw new Error(`pg-boss did not accept a ${queue} job`);
  return id;
}
