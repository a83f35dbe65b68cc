import { randomBytes, randomUUID } from 'node:crypto';
import { findFreePort } from '@tributary/kafka-local';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { kafkaAdmin, plainDestination, startJob, uploadFile, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const TOKEN = randomBytes(24).toString('base64url');
let server: TestServer;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await findFreePort();
  server = await startTestServer({
    adminDatabaseUrl: testEnv.adminDatabaseUrl,
    templateDatabaseUrl: testEnv.templateDatabaseUrl,
    env: {
      TRIBUTARY_METRICS_TOKEN: TOKEN,
      TRIBUTARY_METRICS_PORT: String(metricsPort),
      TRIBUTARY_JOB_RETRIES: '0',
      TRIBUTARY_PRODUCER_RETRIES: '1',
    },
  });
});
afterAll(() => server?.stop());

const scrape = async () => {
  const response = await server.anonymous({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('refuses a scrape without the bearer token, or with another one', async () => {
    const none = await server.anonymous({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await server.anonymous({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN.slice(1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain(TOKEN);
  });

  it('reports a finished job: rows per sync, outcome, duration, HTTP timings, queue and process figures', async () => {
    const brokers = testEnv.kafka.listeners.plaintext;
    const topic = `metrics-${randomUUID().slice(0, 8)}`;
    await kafkaAdmin(brokers).createTopic(topic);
    const file = await uploadFile(server, 'metrics.csv', 'id,name\n1,a\n2,b\n3,c\n');
    const name = `metrics-${randomUUID().slice(0, 8)}`;
    const created = await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name,
        destination: plainDestination(brokers, topic),
        source: { type: 'delimited-file', fileId: file.fileId },
        columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }], keyColumn: 'id' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const syncId = (created.json() as { id: string }).id;
    const job = await waitForJob(server, await startJob(server, syncId));
    expect(job.status).toBe('SUCCEEDED');

    const text = await scrape();
    const sync = { sync_id: syncId, sync: name };
    expect(sample(text, 'tributary_sync_rows_read_total', sync)).toBe(3);
    expect(sample(text, 'tributary_sync_rows_produced_total', sync)).toBe(3);
    expect(sample(text, 'tributary_sync_rows_failed_total', sync)).toBe(0);
    expect(sample(text, 'tributary_jobs', { status: 'SUCCEEDED' })).toBe(1);
    expect(sample(text, 'tributary_job_duration_seconds_count', { status: 'SUCCEEDED' })).toBe(1);
    expect(sample(text, 'tributary_job_duration_seconds_bucket', { status: 'SUCCEEDED', le: '+Inf' })).toBe(1);
    expect(
      sample(text, 'tributary_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/jobs',
        status_code: '201',
      }),
    ).toBe(1);
    expect(sample(text, 'tributary_queue_jobs', { queue: 'batch-job', state: 'active' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tributary_process_resident_memory_bytes', {})).toBeGreaterThan(0);
  });

  it('counts a job attempt that ends on a producer error against its sync', async () => {
    // A destination whose broker refuses every connection: the producer retries, then the attempt
    // ends on a producer error (TRIBUTARY_JOB_RETRIES is 0 on this server, so it fails at once).
    const file = await uploadFile(server, 'refused.csv', 'id\n1\n');
    const name = `refused-${randomUUID().slice(0, 8)}`;
    const created = await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name,
        destination: plainDestination(`127.0.0.1:${await findFreePort()}`, 'nowhere'),
        source: { type: 'delimited-file', fileId: file.fileId },
        columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const syncId = (created.json() as { id: string }).id;
    const job = await waitForJob(server, await startJob(server, syncId), undefined, 120);
    expect(job.status).toBe('FAILED');
    const text = await scrape();
    expect(sample(text, 'tributary_producer_errors_total', { sync_id: syncId })).toBe(1);
  });

  it('serves the same metrics without a token on the localhost metrics port', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(sample(text, 'tributary_jobs', { status: 'SUCCEEDED' })).toBeGreaterThanOrEqual(0);
    expect(text).toContain('tributary_sync_rows_produced_total');
  });
});

describe('health probes', () => {
  it('answers liveness without the database and readiness with it', async () => {
    const live = await server.anonymous({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'alive' });
    const ready = await server.anonymous({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'healthy', database: { status: 'up' }, queue: { status: 'up' } });
  });
});
