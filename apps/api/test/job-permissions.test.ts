import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../src/testing.ts';
import { grantPermissions } from './grant-permissions.ts';
import { kafkaAdmin, plainDestination, uploadFile, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const brokers = testEnv.kafka.listeners.plaintext;
let server: TestServer;
let stranger: TestUser;
let viewer: TestUser;
let runner: TestUser;
let syncId: string;
let jobId: string;
let fileId: string;

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  server = await startTestServer(testEnv);
  const topic = unique('job-permissions');
  await kafkaAdmin(brokers).createTopic(topic);
  const file = await uploadFile(server, 'people.csv', 'id,name\n1,Ada\n2,Grace\n');
  fileId = file.fileId;
  const created = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: {
      name: unique('sync'),
      destination: plainDestination(brokers, topic),
      source: { type: 'delimited-file', fileId },
      columnMapping: { rows: [{ sourceColumn: 'name', targetColumn: 'name' }], keyColumn: 'id' },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  syncId = created.json().id;
  stranger = await server.createUser('operator', 'Stranger');
  viewer = await server.createUser('operator', 'Viewer');
  runner = await server.createUser('operator', 'Runner');
  await grantPermissions(server, syncId, [
    { user: viewer, permissions: ['view'] },
    { user: runner, permissions: ['view', 'run'] },
  ]);
  const started = await server.inject({ method: 'POST', url: '/api/jobs', payload: { syncId } });
  expect(started.statusCode, started.body).toBe(201);
  jobId = started.json().id;
  await waitForJob(server, jobId);
});
afterAll(() => server?.stop());

describe('jobs follow the permissions of their sync', () => {
  it('declares a permission on every job route that names a job', () => {
    const routes = server.app.routeTable.filter(
      (route) => route.url.startsWith('/api/jobs/:id') && route.method !== 'HEAD',
    );
    expect(routes.map((route) => `${route.method} ${route.url} ${route.syncPermission}`).sort()).toEqual([
      'GET /api/jobs/:id view',
      'GET /api/jobs/:id/errors view',
      'GET /api/jobs/:id/errors.csv view',
      'GET /api/jobs/:id/logs view',
      'POST /api/jobs/:id/cancel run',
    ]);
  });

  it('hides the job and its sync from a user who may not view the sync', async () => {
    for (const url of [`/api/jobs/${jobId}`, `/api/jobs/${jobId}/logs`, `/api/jobs/${jobId}/errors`]) {
      const response = await stranger.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
    }
    const cancel = await stranger.inject({ method: 'POST', url: `/api/jobs/${jobId}/cancel` });
    expect(cancel.statusCode).toBe(404);
    const start = await stranger.inject({ method: 'POST', url: '/api/jobs', payload: { syncId } });
    expect(start.statusCode).toBe(404);
    const list = await stranger.inject({ method: 'GET', url: '/api/jobs' });
    expect(list.json().jobs).toEqual([]);
  });

  it('lets a user with view read the job but neither start nor cancel one', async () => {
    const job = await viewer.inject({ method: 'GET', url: `/api/jobs/${jobId}` });
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({ id: jobId, status: 'SUCCEEDED', rowsProduced: 2 });
    const list = await viewer.inject({ method: 'GET', url: '/api/jobs' });
    expect(list.json().jobs.map((listed: { id: string }) => listed.id)).toEqual([jobId]);

    const start = await viewer.inject({ method: 'POST', url: '/api/jobs', payload: { syncId } });
    expect(start.statusCode).toBe(403);
    expect(start.json()).toEqual({ code: 'FORBIDDEN', message: 'You may not run jobs or listeners of this data sync' });
    const cancel = await viewer.inject({ method: 'POST', url: `/api/jobs/${jobId}/cancel` });
    expect(cancel.statusCode).toBe(403);
  });

  it('lets a user with run start and cancel jobs, recorded as theirs in the job and the audit trail', async () => {
    const started = await runner.inject({ method: 'POST', url: '/api/jobs', payload: { syncId } });
    expect(started.statusCode, started.body).toBe(201);
    const job = started.json();
    expect(job.startedBy).toEqual({ id: runner.id, email: runner.email });
    const cancelled = await runner.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().cancelRequestedAt).not.toBeNull();

    const audit = await server.inject({ method: 'GET', url: `/api/audit-events?targetId=${job.id}` });
    const events = audit.json().events as Array<{ action: string; actor: { id: string } | null }>;
    expect(events.map((event) => [event.action, event.actor?.id]).sort()).toEqual([
      ['job.cancel', runner.id],
      ['job.start', runner.id],
    ]);
  });
});

describe('the worker', () => {
  it('schedules the hourly sweep of uploads no sync uses', async () => {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const schedules = await client.query('select name, cron from pgboss.schedule');
      expect(schedules.rows).toEqual([{ name: 'sweep-source-files', cron: '23 * * * *' }]);
    } finally {
      await client.end();
    }
  });
});

describe('source routes', () => {
  it('refuse uploads and source checks to viewers, who may not create syncs', async () => {
    const readOnly = await server.createUser('viewer');
    const upload = await readOnly.inject({
      method: 'POST',
      url: '/api/source-files?name=x.csv',
      headers: { 'content-type': 'text/csv' },
      payload: 'a\n1\n',
    });
    expect(upload.statusCode).toBe(403);
    const columns = await readOnly.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: { type: 'delimited-file', fileId } },
    });
    expect(columns.statusCode).toBe(403);
  });

  it('treat another user’s uploaded file as missing, unless read through a sync the reader may edit', async () => {
    const message = 'The uploaded file no longer exists: upload it again';
    const columns = await stranger.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: { type: 'delimited-file', fileId } },
    });
    expect(columns.statusCode).toBe(400);
    expect(columns.json().fields).toEqual([{ field: 'source.fileId', message }]);
    const preview = await stranger.inject({
      method: 'POST',
      url: '/api/syncs/preview',
      payload: {
        source: { type: 'delimited-file', fileId },
        columnMapping: { rows: [{ sourceColumn: 'name', targetColumn: 'name' }] },
      },
    });
    expect(preview.statusCode).toBe(400);
    expect(preview.body).not.toContain('Ada');

    await grantPermissions(server, syncId, [
      { user: viewer, permissions: ['view'] },
      { user: runner, permissions: ['view', 'run', 'edit'] },
    ]);
    const throughSync = await runner.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: { type: 'delimited-file', fileId }, syncId },
    });
    expect(throughSync.statusCode, throughSync.body).toBe(200);
    expect(throughSync.json().sampleRows[0]).toEqual({ id: '1', name: 'Ada' });
    const throughOtherSync = await viewer.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: { type: 'delimited-file', fileId }, syncId },
    });
    expect(throughOtherSync.statusCode).toBe(403);
  });
});
