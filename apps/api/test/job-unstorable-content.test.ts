import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { kafkaAdmin, startJob, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const brokers = testEnv.kafka.listeners.plaintext;
const kafka = kafkaAdmin(brokers);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(testEnv);
});
afterAll(() => server?.stop());

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function createTopic(topic: string, configEntries: Array<{ name: string; value: string }> = []) {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, configEntries }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Uploads raw bytes (any encoding), saves a sync of id and name, starts a job. */
async function startJobOver(bytes: Buffer, topic: string, encoding: string) {
  const upload = await server.inject({
    method: 'POST',
    url: `/api/source-files?name=${encodeURIComponent('content.csv')}`,
    headers: { 'content-type': 'text/csv' },
    payload: bytes,
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const created = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: {
      name: unique('sync'),
      destination: { type: 'kafka-topic', bootstrapServers: brokers, topic, sasl: { mechanism: 'NONE' } },
      source: { type: 'delimited-file', fileId: (upload.json() as { fileId: string }).fileId, encoding },
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'name', targetColumn: 'name' },
        ],
        keyColumn: 'id',
      },
      jobSettings: { batchSize: 2 },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return startJob(server, (created.json() as { id: string }).id);
}

async function jobErrors(jobId: string) {
  const response = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/errors` });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    total: number;
    errors: Array<{ rowNumber: number; sourceValues: Record<string, unknown>; reason: string }>;
  };
}

async function attemptLogs(jobId: string): Promise<string[]> {
  const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
  const messages = (logs.json() as { entries: Array<{ message: string }> }).entries.map((entry) => entry.message);
  return messages.filter((message) => /^Attempt \d+/.test(message));
}

/** Keys of the topic with how often each arrived. */
async function keyCounts(topic: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const message of await kafka.readTopic(topic)) counts[message.key ?? ''] = (counts[message.key ?? ''] ?? 0) + 1;
  return counts;
}

describe('source content PostgreSQL cannot store as is', () => {
  it(
    'NUL bytes in rows: row errors saved on the first attempt, every good row once, the errors readable',
    { timeout: 90_000 },
    async () => {
      const topic = unique('nul');
      await createTopic(topic);
      const csv = 'id,name\n1,plain\n2,nul\u0000inside\n3,bad\u0000,extra\n4,x\u0000"y\n5,last\n';
      const jobId = await startJobOver(Buffer.from(csv, 'utf8'), topic, 'utf8');
      const job = await waitForJob(server, jobId, undefined, 60);
      // A row holding a NUL byte is not text (packages/sources): a row error, like the broken rows.
      expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 5, rowsProduced: 2, rowsFailed: 3 });
      expect(await attemptLogs(jobId)).toEqual(['Attempt 1: started']);
      expect(await keyCounts(topic)).toEqual({ '1': 1, '5': 1 });

      const { total, errors } = await jobErrors(jobId);
      expect(total).toBe(3);
      expect(errors.map((error) => error.rowNumber)).toEqual([3, 4, 5]);
      expect(errors[0]?.reason).toContain('a NUL byte at byte 3');
      expect(errors[1]?.reason).toMatch(/Invalid Record Length|NUL/);
      const csvDownload = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/errors.csv` });
      expect(csvDownload.statusCode).toBe(200);
      expect(csvDownload.body).not.toContain('\u0000');
    },
  );

  it(
    'lone surrogates and NUL characters in a UTF-16 file: the file is taken, those rows are row errors saved on the first attempt',
    { timeout: 90_000 },
    async () => {
      const topic = unique('surrogates');
      await createTopic(topic, [{ name: 'max.message.bytes', value: '2000' }]);
      // Only a UTF-16 file can hold a lone surrogate; UTF-8 decoding turns one into U+FFFD.
      const big = `${'y'.repeat(3_000)}\udc00\u0000`;
      const csv = `id,name\n1,pl\ud800ain\n2,${big}\n3,ok\n`;
      const jobId = await startJobOver(Buffer.from(csv, 'utf16le'), topic, 'utf16le');
      const job = await waitForJob(server, jobId, undefined, 60);
      // Rows holding an unpaired surrogate or a NUL character are not text: row errors, stored readable.
      expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 3, rowsProduced: 1, rowsFailed: 2 });
      expect(await attemptLogs(jobId)).toEqual(['Attempt 1: started']);
      expect(await keyCounts(topic)).toEqual({ '3': 1 });

      const { errors } = await jobErrors(jobId);
      expect(errors.map((error) => error.rowNumber)).toEqual([2, 3]);
      expect(errors[0]?.reason).toContain('unpaired UTF-16 surrogate');
      expect(errors[1]?.reason).toMatch(/NUL character|max\.message\.bytes/);
    },
  );
});
