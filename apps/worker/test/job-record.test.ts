import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDbClient, type DbClient } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobRecord } from '../src/batch/job-record.ts';

const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
let database: TestDatabase;
let db: DbClient;

beforeAll(async () => {
  database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  db = createDbClient(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function newJob(): Promise<string> {
  const sync = await db.sync.create({
    data: { name: `sync-${randomUUID()}`, destinationType: 'kafka-topic', destinationConfig: {} },
  });
  return (await db.job.create({ data: { syncId: sync.id } })).id;
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return client;
}

describe('jobRecord', () => {
  it('stores NUL bytes and lone surrogates of rows, reasons, log lines and the failure reason escaped', async () => {
    const jobId = await newJob();
    const record = jobRecord(db, jobId);
    await record.saveBatch(
      { rowsRead: 3, rowsProduced: 2, rowsFailed: 1 },
      [{ rowNumber: 2, sourceValues: { 'na\u0000me': 'a\u0000b\ud800', big: 2n ** 64n }, reason: 'bad \udfff value' }],
      { lastRowNumber: 3 },
    );
    await record.log('warn', 'Attempt 1 failed: a\u0000b');
    await record.finish('FAILED', 'no \u0000 here \ud83d');

    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ rowsProduced: 2n, rowsFailed: 1n, checkpoint: { lastRowNumber: 3 } });
    expect(job.errorMessage).toBe('no \\u0000 here \\ud83d');
    expect(await db.jobError.findMany({ where: { jobId }, select: { sourceValues: true, reason: true } })).toEqual([
      { sourceValues: { 'na\\u0000me': 'a\\u0000b\\ud800', big: '18446744073709551616' }, reason: 'bad \\udfff value' },
    ]);
    expect(await db.jobLogEntry.findMany({ where: { jobId }, select: { message: true } })).toEqual([
      { message: 'Attempt 1 failed: a\\u0000b' },
    ]);
  });

  it('saves a batch Kafka acknowledged through a dropped database connection, once', async () => {
    const jobId = await newJob();
    const record = jobRecord(db, jobId);
    const blocker = await connect();
    const observer = await connect();
    try {
      // The save waits on this lock; its connection is then killed, as by a database restart.
      await blocker.query('begin');
      await blocker.query('lock table jobs in access exclusive mode');
      const saving = record.saveBatch(
        { rowsRead: 10, rowsProduced: 9, rowsFailed: 1 },
        [{ rowNumber: 4, sourceValues: { id: 4 }, reason: 'not mappable' }],
        { lastRowNumber: 10 },
      );
      let waitingPid: number | undefined;
      for (let tries = 0; tries < 100 && waitingPid === undefined; tries += 1) {
        const waiting = await observer.query<{ pid: number }>(
          "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        waitingPid = waiting.rows[0]?.pid;
        if (waitingPid === undefined) await sleep(50);
      }
      expect(waitingPid).toBeDefined();
      await observer.query('select pg_terminate_backend($1)', [waitingPid]);
      await blocker.query('rollback');
      await saving;
    } finally {
      await blocker.end();
      await observer.end();
    }
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ rowsRead: 10n, rowsProduced: 9n, rowsFailed: 1n, checkpoint: { lastRowNumber: 10 } });
    expect(await db.jobError.count({ where: { jobId } })).toBe(1);
  });
});
