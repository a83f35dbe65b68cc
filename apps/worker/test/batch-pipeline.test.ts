import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  databaseConnectionFromUrl,
  ZColumnMappingSchema,
  ZDelimitedSourceSchema,
  ZKafkaDestinationInputSchema,
  ZPostgresSourceSchema,
} from '@tributary/core';
import { openKafkaSink } from '@tributary/kafka';
import { compileMapping } from '@tributary/mapping';
import { streamDelimitedRows, streamPostgresRows } from '@tributary/sources';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBatchPipeline, type RowFailure } from '../src/index.ts';

/** A delimited source reading a local file (the app reads stored files from the database). */
const fileSource = (filePath: string, options: object = {}) => ({
  ...ZDelimitedSourceSchema.parse({ type: 'delimited-file', fileId: randomUUID(), ...options }),
  openFile: () => createReadStream(filePath),
});

const { kafka: kafkaEnv, databaseUrl } = inject('testEnv');
const testKafka = new Kafka({ brokers: [kafkaEnv.listeners.plaintext], logLevel: logLevel.NOTHING });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-pipeline-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function createTopic(topic: string) {
  const admin = testKafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
}

/** Consumes the topic from the beginning until `count` messages arrived. */
async function consumeAll(topic: string, count: number): Promise<Array<{ key: string | null; value: string }>> {
  const consumer = testKafka.consumer({ groupId: `check-${randomUUID()}`, retry: { retries: 10 } });
  const received: Array<{ key: string | null; value: string }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${received.length} of ${count} messages within 60 s`)),
        60_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

const destination = (topic: string) =>
  ZKafkaDestinationInputSchema.parse({
    type: 'kafka-topic',
    bootstrapServers: kafkaEnv.listeners.plaintext,
    topic,
    sasl: { mechanism: 'NONE' },
  });
const byKeyThenValue = (a: { key: string | null; value: string }, b: { key: string | null; value: string }) =>
  `${a.key}${a.value}`.localeCompare(`${b.key}${b.value}`);

describe('batch pipeline into a real Kafka topic', () => {
  it('moves a 10,000-row CSV into exactly 10,000 messages equal to the mapping of each row', async () => {
    const topic = `pipeline-csv-${randomUUID().slice(0, 8)}`;
    await createTopic(topic);
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: String(i + 1),
      name: `Customer "${i + 1}", Ltd`,
      city: i % 2 ? 'Oslo' : 'Lima',
    }));
    const filePath = join(dir, 'customers.csv');
    await writeFile(
      filePath,
      ['id,name,city', ...rows.map((row) => `${row.id},"${row.name.replaceAll('"', '""')}",${row.city}`)].join('\n'),
    );
    const mapping = ZColumnMappingSchema.parse({
      rows: [
        { sourceColumn: 'id', targetColumn: 'id' },
        { sourceColumn: 'name', targetColumn: 'customer.name' },
        { sourceColumn: 'city', targetColumn: 'customer.address.city' },
      ],
      keyColumn: 'id',
    });
    const toMessage = compileMapping(mapping);
    const sink = await openKafkaSink(destination(topic), { compression: 'gzip' });
    const progressSeen: number[] = [];
    const outcome = await runBatchPipeline({
      batches: streamDelimitedRows(fileSource(filePath), {
        batchSize: 2_000,
      }),
      toMessage,
      sink,
      onBatch: async (progress) => void progressSeen.push(progress.rowsProduced),
    }).finally(() => sink.close());

    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      progress: { rowsRead: 10_000, rowsProduced: 10_000, rowsFailed: 0 },
    });
    expect(progressSeen).toEqual([2_000, 4_000, 6_000, 8_000, 10_000]);
    const received = await consumeAll(topic, 10_000);
    expect(received).toHaveLength(10_000);
    expect([...received].sort(byKeyThenValue)).toEqual(rows.map((row) => toMessage(row)).sort(byKeyThenValue));
    expect(JSON.parse(received.find((message) => message.key === '7')!.value)).toEqual({
      id: '7',
      customer: { name: 'Customer "7", Ltd', address: { city: 'Lima' } },
    });
  });

  it('records unreadable and unmappable rows with their numbers while producing the rest', async () => {
    const topic = `pipeline-errors-${randomUUID().slice(0, 8)}`;
    await createTopic(topic);
    const table = `pipeline_${Date.now()}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `create table ${table} as select i as id, case when i in (3, 7) then 'NaN'::float8 else i * 1.5 end as score from generate_series(1, 10) i`,
    );
    await client.end();
    const source = ZPostgresSourceSchema.parse({
      type: 'postgresql',
      ...databaseConnectionFromUrl(databaseUrl),
      query: `select * from ${table} order by id`,
    });
    const toMessage = compileMapping(
      ZColumnMappingSchema.parse({
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'score', targetColumn: 'score' },
        ],
        keyColumn: 'id',
      }),
    );
    const sink = await openKafkaSink(destination(topic));
    const failures: RowFailure[] = [];
    const outcome = await runBatchPipeline({
      batches: streamPostgresRows(source, { batchSize: 4 }),
      toMessage,
      sink,
      onBatch: async (_progress, batchFailures) => void failures.push(...batchFailures),
    }).finally(() => sink.close());

    expect(outcome).toEqual({
      status: 'SUCCEEDED_WITH_ERRORS',
      progress: { rowsRead: 10, rowsProduced: 8, rowsFailed: 2 },
    });
    expect(failures).toEqual([
      {
        rowNumber: 3,
        sourceValues: { id: 3, score: Number.NaN },
        reason: 'column "score": NaN is not a number JSON can hold',
      },
      {
        rowNumber: 7,
        sourceValues: { id: 7, score: Number.NaN },
        reason: 'column "score": NaN is not a number JSON can hold',
      },
    ]);
    const received = await consumeAll(topic, 8);
    expect(received.map((message) => message.key).sort((a, b) => Number(a) - Number(b))).toEqual([
      '1',
      '2',
      '4',
      '5',
      '6',
      '8',
      '9',
      '10',
    ]);
  });

  it('fails once more rows failed than the error limit allows', async () => {
    const filePath = join(dir, 'broken.csv');
    await writeFile(filePath, 'id,name\n1,a\n2,b,extra\n3,c,extra\n4,d\n');
    const topic = `pipeline-limit-${randomUUID().slice(0, 8)}`;
    await createTopic(topic);
    const sink = await openKafkaSink(destination(topic));
    const outcome = await runBatchPipeline({
      batches: streamDelimitedRows(fileSource(filePath), {
        batchSize: 1,
      }),
      toMessage: compileMapping(ZColumnMappingSchema.parse({ rows: [{ sourceColumn: 'id', targetColumn: 'id' }] })),
      sink,
      onBatch: async () => undefined,
      errorLimit: 1,
    }).finally(() => sink.close());
    expect(outcome).toMatchObject({ status: 'FAILED', reason: '2 rows failed, more than the error limit of 1' });
  });
});
