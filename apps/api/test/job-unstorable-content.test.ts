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
    'NUL bytes in a row that fails and in one that maps: every good row once, the error readable escaped',
    { timeout: 90_000 },
    async () => {
      const topic = unique('nul');
      await createTopic(topic);
      const csv = 'id,name\n1,plain\n2,nul\u0000inside\n3,bad\u0000,extra\n4,x\u0000"y\n5,last\n';
      const jobId = await startJobOver(Buffer.from(csv, 'utf8'), topic, 'utf8');
      const job = await waitForJob(server, jobId, undefined, 60);
      expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 5, rowsProduced: 3, rowsFailed: 2 });
      expect(await attemptLogs(jobId)).toEqual(['Attempt 1: started']);

      expect(await keyCounts(topic)).toEqual({ '1': 1, '2': 1, '5': 1 });
      const [nulRow] = (await kafka.readTopic(topic)).filter((message) => message.key === '2');
      // JSON carries U+0000 as the escape \u0000; the consumer parses it back to the character.
      expect(nulRow?.value).toBe('{"id":"2","name":"nul\\u0000inside"}');
      expect(JSON.parse(nulRow!.value)).toEqual({ id: '2', name: 'nul\u0000inside' });

      expect(await jobErrors(jobId)).toEqual({
        total: 2,
        errors: [
          {
            rowNumber: 4,
            sourceValues: { text: '3,bad\\u0000,extra' },
            reason: 'Invalid Record Length: columns length is 2, got 3 on line 4',
          },
          {
            rowNumber: 5,
            sourceValues: { text: '4,x\\u0000"' },
            reason: 'Invalid Opening Quote: a quote is found on field "name" at line 5, value is "x\\u0000"',
          },
        ],
      });
      const csvDownload = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/errors.csv` });
      expect(csvDownload.statusCode).toBe(200);
      expect(csvDownload.body).toContain('3,bad\\u0000,extra');
      expect(csvDownload.body).not.toContain('\u0000');
    },
  );

  it(
    'lone surrogates in a row that maps and in a row the topic refuses: produced escaped, stored escaped',
    { timeout: 90_000 },
    async () => {
      const topic = unique('surrogates');
      await createTopic(topic, [{ name: 'max.message.bytes', value: '2000' }]);
      // Only a UTF-16 file can hold a lone surrogate; UTF-8 decoding turns one into U+FFFD.
      const big = `${'y'.repeat(3_000)}\udc00\u0000`;
      const csv = `id,name\n1,pl\ud800ain\n2,${big}\n3,ok\n`;
      const jobId = await startJobOver(Buffer.from(csv, 'utf16le'), topic, 'utf16le');
      const job = await waitForJob(server, jobId, undefined, 60);
      expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 3, rowsProduced: 2, rowsFailed: 1 });
      expect(await attemptLogs(jobId)).toEqual(['Attempt 1: started']);

      expect(await keyCounts(topic)).toEqual({ '1': 1, '3': 1 });
      const [loneRow] = (await kafka.readTopic(topic)).filter((message) => message.key === '1');
      expect(loneRow?.value).toBe('{"id":"1","name":"pl\\ud800ain"}');

      const { errors } = await jobErrors(jobId);
      expect(errors).toEqual([
        {
          rowNumber: 3,
          sourceValues: { id: '2', name: `${'y'.repeat(3_000)}\\udc00\\u0000` },
          reason: expect.stringMatching(
            new RegExp(`^the message is 3,\\d{3} bytes; topic ${topic} accepts at most 2,000 \\(max.message.bytes\\)$`),
          ),
        },
      ]);
    },
  );
});
