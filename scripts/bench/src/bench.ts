import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startTributary, type RunningTributary } from '@tributary/api';
import { CSRF_HEADER, databaseConnectionFromUrl, SESSION_COOKIE, type TJobDetail } from '@tributary/core';
import { startLocalKafka } from '@tributary/kafka-local';
import kafkajs from 'kafkajs';
import pg from 'pg';
import Cursor from 'pg-cursor';

/**
 * `pnpm bench`: a PostgreSQL table → Kafka topic job run by Tributary (API → pg-boss → worker,
 * counts and checkpoint saved after every batch), beside two bare kafkajs loops with the same
 * producer settings (idempotent, acks=all, no compression, one batch per send): one reading the
 * same table through a cursor of the same batch size (the like-for-like baseline), and one
 * building the messages in memory (the producer's ceiling, no source). Prints rows/s and peak RSS.
 * BENCH_ROWS (default 1,000,000), BENCH_BATCH (default 5,000), BENCH_DATABASE_URL (default the
 * local server's `postgres` database; a `tributary_bench` database is created there).
 */
const { Kafka, logLevel, CompressionTypes } = kafkajs;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    reset: () => (peak = process.memoryUsage().rss),
    stop: () => {
      clearInterval(timer);
      return peak;
    },
    peak: () => peak,
  };
}

async function prepareTable(): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'tributary_bench'");
  if (exists.rowCount === 0) await admin.query('create database tributary_bench');
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = '/tributary_bench';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('drop table if exists bench_orders');
  await client.query(
    `create table bench_orders as
    select i as id, 'customer ' || (i % 10000) as customer, (i % 1000) * 1.25::numeric(12,2) as amount,
           timestamptz '2026-01-01' + make_interval(secs => i) as created_at, i % 3 = 0 as is_paid
    from generate_series(1, $1::int) i`,
    [ROWS],
  );
  // The first scan of a fresh table sets hint bits on every page (and autovacuum soon starts on
  // it): done here, so that work does not fall on whichever reader comes first, the Tributary job.
  await client.query('vacuum (freeze, analyze) bench_orders');
  await client.end();
  return url.toString();
}

/** A fresh, empty app database beside the bench table (the app migrates it at start). */
async function prepareAppDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query('drop database if exists tributary_bench_app with (force)');
  await admin.query('create database tributary_bench_app');
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = '/tributary_bench_app';
  return url.toString();
}

/** Creates the first admin and answers an inject carrying their session (the API needs sign-in). */
type App = NonNullable<RunningTributary['app']>;
type BenchRequest = { method: 'GET' | 'POST'; url: string; payload?: object };

async function signedIn(app: App) {
  const answer = await app.inject({
    method: 'POST',
    url: '/api/auth/first-admin',
    payload: { email: 'bench@example.com', displayName: 'Bench', password: randomBytes(18).toString('base64url') },
  });
  const session = answer.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  if (answer.statusCode !== 201 || !session) throw new Error(`creating the bench admin failed: ${answer.body}`);
  const headers = { cookie: `${SESSION_COOKIE}=${session.value}`, [CSRF_HEADER]: answer.json().csrfToken as string };
  return (request: BenchRequest) => app.inject({ ...request, headers });
}

interface BenchRow {
  id: number;
  customer: string;
  amount: string;
  created_at: Date;
  is_paid: boolean;
}

/** The message the bench sync's mapping makes of a row, built by hand. */
function benchMessage(id: number, customer: string, amount: string, createdAt: Date, isPaid: boolean) {
  const value = { id, customer: { name: customer }, amount, createdAt: createdAt.toISOString(), isPaid };
  return { key: String(id), value: JSON.stringify(value) };
}

async function main() {
  console.log(`Preparing ${ROWS.toLocaleString('en')} rows in PostgreSQL and a local Kafka broker…`);
  const [databaseUrl, appDatabaseUrl, kafka] = await Promise.all([
    prepareTable(),
    prepareAppDatabase(),
    startLocalKafka(),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const brokers = [kafka.env.listeners.plaintext];
  const testKafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const admin = testKafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'bench-tributary', numPartitions: 6 },
      { topic: 'bench-bare-cursor', numPartitions: 6 },
      { topic: 'bench-bare', numPartitions: 6 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const memory = memorySampler();
  const tributary = await startTributary(
    {
      ...loadConfig({
        DATABASE_URL: appDatabaseUrl,
        TRIBUTARY_DATA_DIR: dataDir,
        TRIBUTARY_SECRET_KEY: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
      }),
      port: 0,
    },
    createLogger('warn'),
  );
  try {
    const inject = await signedIn(tributary.app!);
    const sync = await inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: 'bench',
        destination: {
          type: 'kafka-topic',
          bootstrapServers: brokers[0],
          topic: 'bench-tributary',
          sasl: { mechanism: 'NONE' },
        },
        source: { type: 'postgresql', ...databaseConnectionFromUrl(databaseUrl), table: 'bench_orders' },
        columnMapping: {
          rows: [
            { sourceColumn: 'id', targetColumn: 'id' },
            { sourceColumn: 'customer', targetColumn: 'customer.name' },
            { sourceColumn: 'amount', targetColumn: 'amount' },
            { sourceColumn: 'created_at', targetColumn: 'createdAt' },
            { sourceColumn: 'is_paid', targetColumn: 'isPaid' },
          ],
          keyColumn: 'id',
        },
        jobSettings: { batchSize: BATCH },
      },
    });
    if (sync.statusCode !== 201) throw new Error(`saving the bench sync failed: ${sync.body}`);

    memory.reset();
    let started = performance.now();
    const start = await inject({ method: 'POST', url: '/api/jobs', payload: { syncId: sync.json().id } });
    if (start.statusCode !== 201) throw new Error(`starting the bench job failed: ${start.body}`);
    let job: TJobDetail;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await inject({ method: 'GET', url: `/api/jobs/${start.json().id}` })).json();
    } while (job.finishedAt === null);
    const tributarySeconds = (performance.now() - started) / 1000;
    const tributaryPeak = memory.peak();

    // Like for like: the same table read through a cursor of the same batch size, mapped by hand,
    // each batch sent and acknowledged before the next is read.
    const producerOptions = { idempotent: true, maxInFlightRequests: 1 };
    const sendOptions = { acks: -1, compression: CompressionTypes.None };
    memory.reset();
    started = performance.now();
    const reader = new pg.Client({ connectionString: databaseUrl });
    await reader.connect();
    const cursorProducer = testKafka.producer(producerOptions);
    await cursorProducer.connect();
    const cursor = reader.query(new Cursor('select * from bench_orders'));
    let cursorRows = 0;
    for (let rows = await cursor.read(BATCH); rows.length > 0; rows = await cursor.read(BATCH)) {
      const messages = rows.map((row: BenchRow) =>
        benchMessage(row.id, row.customer, row.amount, row.created_at, row.is_paid),
      );
      await cursorProducer.send({ topic: 'bench-bare-cursor', ...sendOptions, messages });
      cursorRows += rows.length;
    }
    await cursor.close();
    await reader.end();
    await cursorProducer.disconnect();
    const cursorSeconds = (performance.now() - started) / 1000;
    const cursorPeak = memory.peak();

    // The producer's ceiling: the same JSON built in a loop, no source at all.
    memory.reset();
    started = performance.now();
    const producer = testKafka.producer(producerOptions);
    await producer.connect();
    for (let from = 1; from <= ROWS; from += BATCH) {
      const messages = [];
      for (let id = from; id < Math.min(from + BATCH, ROWS + 1); id += 1) {
        const amount = ((id % 1000) * 1.25).toFixed(2);
        messages.push(
          benchMessage(id, `customer ${id % 10000}`, amount, new Date(Date.UTC(2026, 0, 1) + id * 1000), id % 3 === 0),
        );
      }
      await producer.send({ topic: 'bench-bare', ...sendOptions, messages });
    }
    await producer.disconnect();
    const bareSeconds = (performance.now() - started) / 1000;
    const barePeak = memory.stop();

    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    const rate = (seconds: number) => `${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`;
    console.log(
      `\n${ROWS.toLocaleString('en')} rows, batches of ${BATCH}, idempotent producer, acks=all, one local broker`,
    );
    console.log(
      `tributary job (PostgreSQL → worker → Kafka):   ${tributarySeconds.toFixed(1)} s, ${rate(tributarySeconds)}, peak RSS ${mib(tributaryPeak)}, status ${job.status}, ${job.rowsProduced.toLocaleString('en')} produced`,
    );
    // The queue's pick-up (pg-boss polls every second) is part of the job's time above.
    const runningSeconds = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
    console.log(
      `  of which running (started → finished):      ${runningSeconds.toFixed(1)} s, ${rate(runningSeconds)}`,
    );
    console.log(
      `bare pg cursor → kafkajs loop (same table):  ${cursorSeconds.toFixed(1)} s, ${rate(cursorSeconds)}, peak RSS ${mib(cursorPeak)}, ${cursorRows.toLocaleString('en')} sent`,
    );
    console.log(
      `bare kafkajs producer loop (no source):      ${bareSeconds.toFixed(1)} s, ${rate(bareSeconds)}, peak RSS ${mib(barePeak)}`,
    );
  } finally {
    memory.stop();
    await tributary.stop();
    await kafka.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
