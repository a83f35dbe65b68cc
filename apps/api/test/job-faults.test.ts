import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalKafka, type LocalKafka } from '@tributary/kafka-local';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { getJob, kafkaAdmin, plainDestination, startJob, uploadFile, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
// Short enough that a killed worker's job is handed over within seconds; see README (Jobs).
const QUEUE_ENV = {
  TRIBUTARY_SECRET_KEY: randomBytes(32).toString('hex'),
  TRIBUTARY_JOB_EXPIRE_SECONDS: '6',
  TRIBUTARY_QUEUE_MAINTENANCE_SECONDS: '1',
};
const ROWS = 150_000;
const BATCH_SIZE = 500;

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tributary-worker-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** A worker process of its own, as production runs it (`TRIBUTARY_ROLE=worker`). */
function startWorkerProcess(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      ...QUEUE_ENV,
      DATABASE_URL: databaseUrl,
      TRIBUTARY_ROLE: 'worker',
      TRIBUTARY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

async function csvJobSync(server: TestServer, brokers: string) {
  const kafka = kafkaAdmin(brokers);
  const topic = unique('faults');
  await kafka.createTopic(topic);
  const csv = ['id,name', ...Array.from({ length: ROWS }, (_, i) => `${i + 1},row ${i + 1}`)].join('\n');
  const file = await uploadFile(server, 'faults.csv', csv);
  const response = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: {
      name: unique('faults'),
      destination: plainDestination(brokers, topic),
      source: { type: 'delimited-file', fileId: file.fileId },
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'name', targetColumn: 'name' },
        ],
        keyColumn: 'id',
      },
      jobSettings: { batchSize: BATCH_SIZE },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { kafka, topic, syncId: (response.json() as { id: string }).id };
}

/** Every id 1..ROWS is in the topic; duplicates are counted, not hidden. */
async function expectEveryRow(kafka: ReturnType<typeof kafkaAdmin>, topic: string) {
  const received = await kafka.readTopic(topic);
  const keys = new Set(received.map((message) => message.key));
  expect(keys.size).toBe(ROWS);
  for (const message of received.slice(0, 1_000)) {
    expect(JSON.parse(message.value)).toEqual({ id: message.key, name: `row ${message.key}` });
  }
  return { received: received.length, duplicates: received.length - keys.size };
}

describe('a worker stopped mid-job', () => {
  let server: TestServer;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    server = await startTestServer({ ...testEnv, env: { ...QUEUE_ENV, TRIBUTARY_ROLE: 'api' } });
  });
  // Each test's workers go away with it, so the next test's job is worked only by its own.
  afterEach(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.splice(0).map(exited));
  });
  afterAll(() => server?.stop());

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'after %s, is picked up by another worker and completes with no row missing, duplicating at most the batch in flight',
    { timeout: 300_000 },
    async (signal) => {
      const { kafka, topic, syncId } = await csvJobSync(server, testEnv.kafka.listeners.plaintext);
      const first = startWorkerProcess(server.databaseUrl);
      workers.push(first);
      const jobId = await startJob(server, syncId);
      const running = await waitForJob(server, jobId, (job) => job.rowsProduced >= 5 * BATCH_SIZE, 180);
      expect(running.status).toBe('RUNNING');

      first.kill(signal);
      await exited(first);
      const atKill = await getJob(server, jobId);
      expect(atKill.status).toBe('RUNNING');
      expect(atKill.rowsProduced).toBeLessThan(ROWS);

      workers.push(startWorkerProcess(server.databaseUrl));
      const job = await waitForJob(server, jobId, undefined, 240);
      expect(job).toMatchObject({ status: 'SUCCEEDED', rowsRead: ROWS, rowsProduced: ROWS, rowsFailed: 0 });
      const { duplicates } = await expectEveryRow(kafka, topic);
      expect(duplicates).toBeLessThanOrEqual(BATCH_SIZE);

      const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
      expect(logs.json().entries.map((entry: { message: string }) => entry.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Attempt \d+: resuming after source row \d+/)]),
      );
    },
  );
});

describe('brokers away mid-job', () => {
  let server: TestServer;
  let broker: LocalKafka;
  beforeAll(async () => {
    broker = await startLocalKafka();
    server = await startTestServer(testEnv);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await broker?.stop();
  });

  it('retries with backoff and, when the brokers come back, finishes with every row produced', async () => {
    const { kafka, topic, syncId } = await csvJobSync(server, broker.env.listeners.plaintext);
    const jobId = await startJob(server, syncId);
    await waitForJob(server, jobId, (job) => job.rowsProduced >= 5 * BATCH_SIZE, 180);
    await broker.stopBroker();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const during = await getJob(server, jobId);
    expect(during.status).toBe('RUNNING');
    await broker.startBroker();

    const job = await waitForJob(server, jobId, undefined, 240);
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsProduced: ROWS, rowsFailed: 0 });
    await expectEveryRow(kafka, topic);
    // While it waited, the job's log said why.
    const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
    expect(logs.json().entries.map((entry: { message: string }) => entry.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Kafka has not acknowledged a batch of \d+ messages after [\d.]+ s: brokers unreachable/,
        ),
      ]),
    );
  }, 300_000);

  it('fails with the reason once the brokers stayed away through every retry', async () => {
    const impatient = await startTestServer({
      ...testEnv,
      env: { TRIBUTARY_JOB_RETRIES: '1', TRIBUTARY_PRODUCER_RETRIES: '1' },
    });
    try {
      const { syncId } = await csvJobSync(impatient, broker.env.listeners.plaintext);
      await broker.stopBroker();
      const jobId = await startJob(impatient, syncId);
      const job = await waitForJob(impatient, jobId, undefined, 120);
      expect(job).toMatchObject({ status: 'FAILED', rowsProduced: 0 });
      expect(job.errorMessage).toMatch(
        /^Could not connect to Kafka: brokers unreachable \(127\.0\.0\.1:\d+\)\. Last error: Connection error: connect ECONNREFUSED/,
      );
      const logs = await impatient.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
      const messages = logs.json().entries.map((entry: { message: string }) => entry.message);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Attempt 1 failed: .*\(1 retries left\)/),
          'Attempt 2: started',
          `Failed: ${job.errorMessage}`,
        ]),
      );
    } finally {
      await impatient.stop();
    }
  }, 180_000);
});
