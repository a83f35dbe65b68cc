import {
  databaseConnectionFromUrl,
  ZColumnMappingSchema,
  ZKafkaDestinationInputSchema,
  ZPostgresSourceSchema,
} from '@tributary/core';
import { openKafkaSink } from '@tributary/kafka';
import { startLocalKafka } from '@tributary/kafka-local';
import { compileMapping } from '@tributary/mapping';
import { streamPostgresRows } from '@tributary/sources';
import { runBatchPipeline } from '@tributary/worker';
import kafkajs from 'kafkajs';
import pg from 'pg';

/**
 * `pnpm bench`: a PostgreSQL table → Kafka topic job through Tributary's pipeline, beside a bare
 * kafkajs producer loop sending the same messages to the same broker. Prints rows/s and peak RSS.
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
  await client.end();
  return url.toString();
}

async function main() {
  console.log(`Preparing ${ROWS.toLocaleString('en')} rows in PostgreSQL and a local Kafka broker…`);
  const [databaseUrl, kafka] = await Promise.all([prepareTable(), startLocalKafka()]);
  const brokers = [kafka.env.listeners.plaintext];
  const testKafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const admin = testKafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'bench-tributary', numPartitions: 6 },
      { topic: 'bench-bare', numPartitions: 6 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const memory = memorySampler();
  try {
    const source = ZPostgresSourceSchema.parse({
      type: 'postgresql',
      ...databaseConnectionFromUrl(databaseUrl),
      table: 'bench_orders',
    });
    const mapping = ZColumnMappingSchema.parse({
      rows: [
        { sourceColumn: 'id', targetColumn: 'id' },
        { sourceColumn: 'customer', targetColumn: 'customer.name' },
        { sourceColumn: 'amount', targetColumn: 'amount' },
        { sourceColumn: 'created_at', targetColumn: 'createdAt' },
        { sourceColumn: 'is_paid', targetColumn: 'isPaid' },
      ],
      keyColumn: 'id',
    });
    const toMessage = compileMapping(mapping);

    memory.reset();
    let started = performance.now();
    const sink = await openKafkaSink(
      ZKafkaDestinationInputSchema.parse({
        type: 'kafka-topic',
        bootstrapServers: brokers[0],
        topic: 'bench-tributary',
        sasl: { mechanism: 'NONE' },
      }),
    );
    const outcome = await runBatchPipeline({
      batches: streamPostgresRows(source, { batchSize: BATCH }),
      toMessage,
      sink,
      onBatch: async () => undefined,
    });
    await sink.close();
    const tributarySeconds = (performance.now() - started) / 1000;
    const tributaryPeak = memory.peak();

    // Baseline: the same JSON built in a loop, sent with the same producer settings.
    memory.reset();
    started = performance.now();
    const producer = testKafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let from = 1; from <= ROWS; from += BATCH) {
      const messages = [];
      for (let id = from; id < Math.min(from + BATCH, ROWS + 1); id += 1) {
        const value = {
          id,
          customer: { name: `customer ${id % 10000}` },
          amount: ((id % 1000) * 1.25).toFixed(2),
          createdAt: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString(),
          isPaid: id % 3 === 0,
        };
        messages.push({ key: String(id), value: JSON.stringify(value) });
      }
      await producer.send({ topic: 'bench-bare', acks: -1, compression: CompressionTypes.None, messages });
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
      `tributary job (PostgreSQL → mapping → Kafka): ${tributarySeconds.toFixed(1)} s, ${rate(tributarySeconds)}, peak RSS ${mib(tributaryPeak)}, status ${outcome.status}`,
    );
    console.log(
      `bare kafkajs producer loop (no source):      ${bareSeconds.toFixed(1)} s, ${rate(bareSeconds)}, peak RSS ${mib(barePeak)}`,
    );
  } finally {
    memory.stop();
    await kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
