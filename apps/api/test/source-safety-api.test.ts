import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { databaseConnectionFromUrl } from '@tributary/core';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { kafkaAdmin, plainDestination, sortMessages, startJob, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const brokers = testEnv.kafka.listeners.plaintext;
const mysqlUrl = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test';
const pgSource = (query: string) => ({ type: 'postgresql', ...databaseConnectionFromUrl(testEnv.databaseUrl), query });
const mysqlSource = (query: string) => ({ type: 'mysql', ...databaseConnectionFromUrl(mysqlUrl), query });
const table = `api_read_safety_${Date.now()}`;
const mapping = (...columns: string[]) => ({
  rows: columns.map((column) => ({ sourceColumn: column, targetColumn: column })),
});

let server: TestServer;

/** Saving a sync with a column mapping reads the source's columns. */
const saveSync = (source: object, columnMapping: object) =>
  server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: { name: randomUUID(), source, destination: plainDestination(brokers, 'unused'), columnMapping },
  });

async function pgRows(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function mysqlQuery(text: string): Promise<unknown> {
  const client = await mysql.createConnection(databaseConnectionFromUrl(mysqlUrl));
  try {
    return (await client.query(text))[0];
  } finally {
    await client.end();
  }
}

/** The three ways the API reads a source for a user: Test Connection, columns, preview. */
async function readThroughApi(source: object) {
  const [test, columns, preview] = await Promise.all([
    server.inject({ method: 'POST', url: '/api/sources/test', payload: { source } }),
    server.inject({ method: 'POST', url: '/api/sources/columns', payload: { source } }),
    server.inject({
      method: 'POST',
      url: '/api/syncs/preview',
      payload: { source, columnMapping: mapping('x') },
    }),
  ]);
  return { test: test.json(), columns: { status: columns.statusCode, ...columns.json() }, preview: preview.json() };
}

beforeAll(async () => {
  server = await startTestServer({
    ...testEnv,
    env: { TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS: '1', TRIBUTARY_SOURCE_FETCH_TIMEOUT_SECONDS: '2' },
  });
  await pgRows(`create table ${table} (id int primary key, name text); insert into ${table} values (1, 'one')`);
  await mysqlQuery(`create table ${table} (id int primary key, name varchar(20))`);
  await mysqlQuery(`insert into ${table} values (1, 'one')`);
});
afterAll(async () => {
  await server?.stop();
  await pgRows(`drop table if exists ${table}`);
  await mysqlQuery(`drop table if exists ${table}`);
});

describe('source reads through the API change nothing', () => {
  it('answers 400 on source.query for a second statement, and the table is still there', async () => {
    for (const query of [
      `SELECT 1 AS x) AS s; DROP TABLE ${table}; SELECT * FROM (SELECT 1 AS x`,
      `select 1 as x; drop table ${table}`,
    ]) {
      const { test, columns, preview } = await readThroughApi(pgSource(query));
      expect(test.ok).toBe(false);
      expect(columns.status).toBe(400);
      expect(preview.code).toBe('VALIDATION_FAILED');
    }
    const { columns } = await readThroughApi(pgSource(`select 1 as x; drop table ${table}`));
    expect(columns.fields).toEqual([
      {
        field: 'source.query',
        message: 'The query must be exactly one SELECT statement: remove the ";" and what follows it',
      },
    ]);
    // Saving a sync reads the source's columns too.
    const saved = await saveSync(pgSource(`select 1 as x; drop table ${table}`), mapping('x'));
    expect(saved.statusCode).toBe(400);
    expect(saved.json().fields).toEqual([{ field: 'source.query', message: expect.stringContaining('exactly one') }]);
    expect(await pgRows(`select * from ${table}`)).toEqual([{ id: 1, name: 'one' }]);
  });

  it('refuses WITH … UPDATE and WITH … DELETE in preview, leaving the rows as they were', async () => {
    for (const query of [
      `with u as (update ${table} set name = 'changed' returning *) select * from u`,
      `with d as (delete from ${table} returning *) select * from d`,
    ]) {
      const { test, columns, preview } = await readThroughApi(pgSource(query));
      expect(test).toMatchObject({ ok: false, message: expect.stringContaining('would change data') });
      expect(columns.fields).toEqual([{ field: 'source.query', message: expect.stringContaining('read-only') }]);
      expect(preview.fields).toEqual([{ field: 'source.query', message: expect.stringContaining('read-only') }]);
    }
    expect(await pgRows(`select * from ${table}`)).toEqual([{ id: 1, name: 'one' }]);
  });

  it('writes no file on the MariaDB host with SELECT … INTO OUTFILE', async () => {
    const file = `/tmp/tributary-api-outfile-${randomUUID()}`;
    const { test, columns, preview } = await readThroughApi(
      mysqlSource(`select * from ${table} into outfile '${file}'`),
    );
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('SELECT … INTO') });
    expect(columns.fields).toEqual([{ field: 'source.query', message: expect.stringContaining('SELECT … INTO') }]);
    expect(preview.fields).toEqual([{ field: 'source.query', message: expect.stringContaining('SELECT … INTO') }]);
    expect(existsSync(file)).toBe(false);
  });

  it('cuts off a query past TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS with a message naming it', async () => {
    const message = 'The source query ran longer than 1 s (TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS) and was stopped';
    for (const source of [pgSource('select pg_sleep(30) as x'), mysqlSource('select sleep(30) as x')]) {
      const { test, columns, preview } = await readThroughApi(source);
      expect(test).toEqual({ ok: false, message });
      expect(columns.fields).toEqual([{ field: 'source.query', message }]);
      expect(preview.fields).toEqual([{ field: 'source.query', message }]);
    }
  }, 30_000);

  it("refuses Tributary's own database on source.database, by any address, and when saving", async () => {
    const own = databaseConnectionFromUrl(server.databaseUrl);
    const message =
      "This is Tributary's own database (users, credentials, jobs); a source cannot read it. Give another database.";
    for (const host of [own.host, 'localhost']) {
      const source = { type: 'postgresql', ...own, host, query: 'select email, password_hash from users' };
      const { test, columns, preview } = await readThroughApi(source);
      expect(test).toEqual({ ok: false, message });
      expect(columns).toMatchObject({ status: 400, fields: [{ field: 'source.database', message }] });
      expect(preview.fields).toEqual([{ field: 'source.database', message }]);
      const saved = await saveSync(source, mapping('email'));
      expect(saved.statusCode).toBe(400);
      expect(saved.json().fields).toEqual([{ field: 'source.database', message: expect.stringContaining(message) }]);
      expect(saved.body).not.toContain('$argon2');
    }
  });
});

describe('a job whose stored source is refused', () => {
  it("fails at once, without retries, when the source is Tributary's own database", async () => {
    const created = await saveSync(pgSource(`select * from ${table}`), mapping('id'));
    expect(created.statusCode, created.body).toBe(201);
    const syncId = created.json().id as string;
    // As a sync saved before this check existed would be: pointed at the app's own database.
    const own = databaseConnectionFromUrl(server.databaseUrl);
    await pgRowsOfServer(
      `update syncs set source_config = source_config || '${JSON.stringify({ ...own, password: undefined, query: 'select email from users' })}'::jsonb where id = '${syncId}'`,
    );
    // Retries would keep it going for minutes (backoff from 5 s); refused, it ends within seconds.
    const job = await waitForJob(server, await startJob(server, syncId), undefined, 30);
    expect(job).toMatchObject({
      status: 'FAILED',
      rowsProduced: 0,
      errorMessage: expect.stringContaining("This is Tributary's own database"),
    });
  }, 60_000);
});

describe('uploaded files', () => {
  const upload = (name: string, payload: Buffer | string) =>
    server.inject({
      method: 'POST',
      url: `/api/source-files?name=${encodeURIComponent(name)}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload,
    });
  const fileSource = (fileId: string, options: object = {}) => ({ type: 'delimited-file', fileId, ...options });

  it('refuses a binary file at upload, naming it and why, and stores nothing', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(4_000, 7)]);
    const refused = await upload('photo.png', png);
    expect(refused.statusCode).toBe(400);
    const message = '"photo.png" cannot be used as a source file: it is a PNG image, not delimited text';
    expect(refused.json()).toMatchObject({ message, fields: [{ field: 'file', message }] });
    const nuls = await upload('dump.bin', Buffer.concat([Buffer.from('id,name\n1,'), Buffer.alloc(64)]));
    expect(nuls.json().fields[0].message).toContain('"dump.bin" cannot be used as a source file: it holds a NUL byte');
    expect(await pgRowsOfServer(`select name from source_files where name in ('photo.png', 'dump.bin')`)).toEqual([]);
  });

  it('takes a UTF-16 file, whose NUL high bytes are text', async () => {
    const stored = await upload('wide.csv', Buffer.from('id,name\r\n1,Zoë\r\n', 'utf16le'));
    expect(stored.statusCode).toBe(201);
    const columns = await server.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: fileSource(stored.json().fileId, { encoding: 'utf16le' }) },
    });
    expect(columns.json().sampleRows).toEqual([{ id: '1', name: 'Zoë' }]);
  });

  it('names repeated and blank header cells apart, and a header-only file has columns to map', async () => {
    const repeated = (await upload('repeated.csv', 'id,name,name,\n1,first,second,third\n')).json();
    const columns = await server.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: fileSource(repeated.fileId) },
    });
    expect(columns.json()).toEqual({
      columns: ['id', 'name', 'name_2', 'column_4'].map((name) => ({ name, type: 'text' })),
      sampleRows: [{ id: '1', name: 'first', name_2: 'second', column_4: 'third' }],
    });

    const headerOnly = (await upload('header-only.csv', 'id,name\n')).json();
    const tested = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: fileSource(headerOnly.fileId) },
    });
    expect(tested.json()).toEqual({ ok: true, message: 'Connection Successful: 2 columns found' });
    const saved = await saveSync(fileSource(headerOnly.fileId), mapping('id', 'name'));
    expect(saved.statusCode, saved.body).toBe(201);
  });

  it('produces every decodable row of a job and records the undecodable one with its line and byte', async () => {
    const kafka = kafkaAdmin(brokers);
    const topic = `read-safety-${randomUUID().slice(0, 8)}`;
    await kafka.createTopic(topic);
    const csv = Buffer.concat([
      Buffer.from('id,name,name\n1,Zoë,a\n2,b'),
      Buffer.from([0xe9]),
      Buffer.from(',c\n3,d,e\n'),
    ]);
    const file = (await upload('mixed.csv', csv)).json();
    const created = await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: randomUUID(),
        source: fileSource(file.fileId),
        destination: plainDestination(brokers, topic),
        columnMapping: { ...mapping('id', 'name', 'name_2'), keyColumn: 'id' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const job = await waitForJob(server, await startJob(server, created.json().id));
    expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 3, rowsProduced: 2, rowsFailed: 1 });
    expect(sortMessages(await kafka.readTopic(topic))).toEqual([
      { key: '1', value: '{"id":"1","name":"Zoë","name_2":"a"}' },
      { key: '3', value: '{"id":"3","name":"d","name_2":"e"}' },
    ]);
    const errors = await server.inject({ method: 'GET', url: `/api/jobs/${job.id}/errors` });
    expect(errors.json()).toEqual({
      total: 1,
      errors: [
        {
          rowNumber: 3,
          sourceValues: { text: '2,b\ufffd,c' },
          reason: 'Line 3, column "name" cannot be read as utf8: byte 0xE9 at byte 1 is not valid UTF-8',
        },
      ],
    });
  }, 60_000);
});

async function pgRowsOfServer(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
