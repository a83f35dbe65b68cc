import { createDbClient } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import pg from 'pg';
import PgBossV10 from 'pg-boss-v10';
import pino from 'pino';
import { afterEach, expect, inject, it } from 'vitest';
import { startJobQueue, type JobQueue } from '../src/index.ts';

const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
const logger = pino({ level: 'silent' });
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function queryOne<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows[0] as T;
  } finally {
    await client.end();
  }
}

/** A database as an install that ran pg-boss 10 left it: its queue schema and Tributary jobs. */
async function databaseFromPgBoss10(): Promise<{ database: TestDatabase; unfinished: string[]; finished: string }> {
  const database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  cleanups.push(() => database.drop());
  const old = new PgBossV10({ connectionString: database.url, schema: 'pgboss', supervise: false });
  await old.start();
  await old.createQueue('batch-job');
  const db = createDbClient(database.url);
  try {
    const sync = await db.sync.create({
      data: { name: `upgrade-${Date.now()}`, destinationType: 'kafka-topic', destinationConfig: {} },
    });
    const jobs = [];
    for (const status of ['QUEUED', 'RUNNING', 'SUCCEEDED'] as const) {
      const job = await db.job.create({ data: { syncId: sync.id, status } });
      await old.send('batch-job', { jobId: job.id });
      jobs.push(job.id);
    }
    await old.stop({ graceful: false, wait: true });
    return { database, unfinished: jobs.slice(0, 2), finished: jobs[2] as string };
  } finally {
    await db.$disconnect();
  }
}

it('upgrades a pg-boss 10 queue: unfinished jobs are queued again and the old schema is dropped', async () => {
  const { database, unfinished, finished } = await databaseFromPgBoss10();
  expect((await queryOne<{ version: number }>(database.url, 'select version from pgboss.version')).version).toBe(24);

  const queue: JobQueue = await startJobQueue({
    databaseUrl: database.url,
    logger,
    isSupervisor: false,
    expireInSeconds: 60,
  });
  cleanups.push(() => queue.stop({ graceful: false }));

  const queued = await queue.fetch<{ jobId: string }>('batch-job', { batchSize: 10 });
  expect(queued.map((job) => job.data.jobId).sort()).toEqual([...unfinished].sort());
  expect(queued.map((job) => job.data.jobId)).not.toContain(finished);
  const schemas = await queryOne<{ names: string[] }>(
    database.url,
    `select coalesce(array_agg(nspname::text), '{}') as names from pg_namespace where nspname like 'pgboss%'`,
  );
  expect(schemas.names).toEqual(['pgboss']);
  const version = await queryOne<{ version: number }>(database.url, 'select version from pgboss.version');
  expect(version.version).toBeGreaterThan(24);
  const job = await queryOne<{ id: string }>(database.url, 'select pg_boss_job_id as id from jobs where id = $1', [
    unfinished[0],
  ]);
  expect(queued.map((entry) => entry.id)).toContain(job.id);
});

it('starts on a database with no queue schema, and again on its own schema without queueing anything twice', async () => {
  const database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  cleanups.push(() => database.drop());
  const first = await startJobQueue({ databaseUrl: database.url, logger, isSupervisor: false, expireInSeconds: 60 });
  await first.stop({ graceful: false });
  const second = await startJobQueue({ databaseUrl: database.url, logger, isSupervisor: false, expireInSeconds: 60 });
  cleanups.push(() => second.stop({ graceful: false }));
  expect(await second.fetch('batch-job', { batchSize: 10 })).toEqual([]);
});
