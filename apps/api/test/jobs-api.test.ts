import { randomUUID } from 'node:crypto';
import { databaseConnectionFromUrl } from '@tributary/core';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import {
  getJob,
  kafkaAdmin,
  plainDestination,
  sortMessages,
  startJob,
  uploadFile,
  waitForJob,
  type Message,
} from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const brokers = testEnv.kafka.listeners.plaintext;
const kafka = kafkaAdmin(brokers);
const mysqlUrl = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(testEnv);
});
afterAll(() => server?.stop());

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const csvSource = (fileId: string, overrides: object = {}) => ({ type: 'delimited-file', fileId, ...overrides });

async function saveSync(body: Record<string, unknown>, id?: string) {
  return server.inject({
    method: id ? 'PUT' : 'POST',
    url: id ? `/api/syncs/${id}` : '/api/syncs',
    payload: { name: unique('sync'), ...body },
  });
}

async function createSyncWithTopic(body: Record<string, unknown>) {
  const topic = unique('topic');
  await kafka.createTopic(topic);
  const response = await saveSync({ destination: plainDestination(brokers, topic), ...body });
  expect(response.statusCode, response.body).toBe(201);
  return { topic, sync: response.json() as { id: string } & Record<string, unknown> };
}

async function appDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('CSV source → job → topic', () => {
  it('moves a 10,000-row CSV uploaded through the API into exactly 10,000 messages equal to the mapping of each row', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      name: `Customer "${i + 1}", Ltd`,
      city: i % 2 ? 'Oslo' : 'Lima',
    }));
    const csv = ['id,name,city', ...rows.map((r) => `${r.id},"${r.name.replaceAll('"', '""')}",${r.city}`)].join('\n');
    const file = await uploadFile(server, 'customers.csv', csv);
    expect(file).toMatchObject({ name: 'customers.csv', size: Buffer.byteLength(csv) });

    const columns = await server.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: { source: csvSource(file.fileId) },
    });
    expect(columns.json().columns).toEqual([
      { name: 'id', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
    ]);
    expect(columns.json().sampleRows[0]).toEqual({ id: '1', name: 'Customer "1", Ltd', city: 'Lima' });
    const test = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: csvSource(file.fileId) },
    });
    expect(test.json()).toMatchObject({ ok: true });

    const columnMapping = {
      rows: [
        { sourceColumn: 'id', targetColumn: 'id' },
        { sourceColumn: 'name', targetColumn: 'customer.name' },
        { sourceColumn: 'city', targetColumn: 'customer.address.city' },
        { sourceColumn: 'city', targetColumn: 'city' },
      ],
      keyColumn: 'id',
    };
    const preview = await server.inject({
      method: 'POST',
      url: '/api/syncs/preview',
      payload: { source: csvSource(file.fileId), columnMapping, limit: 2 },
    });
    expect(preview.json()).toEqual({
      messages: [
        {
          rowNumber: 2,
          key: '1',
          value: JSON.stringify({
            id: '1',
            customer: { name: 'Customer "1", Ltd', address: { city: 'Lima' } },
            city: 'Lima',
          }),
        },
        {
          rowNumber: 3,
          key: '2',
          value: JSON.stringify({
            id: '2',
            customer: { name: 'Customer "2", Ltd', address: { city: 'Oslo' } },
            city: 'Oslo',
          }),
        },
      ],
      errors: [],
    });

    const { topic, sync } = await createSyncWithTopic({
      source: csvSource(file.fileId),
      columnMapping,
      jobSettings: { compression: 'gzip', batchSize: 2_000 },
    });
    expect(sync.source).toMatchObject({ type: 'delimited-file', fileId: file.fileId, file: { name: 'customers.csv' } });
    expect(sync.columnMapping).toEqual({ ...columnMapping, bigNumbersAs: 'string' });
    expect(sync.jobSettings).toEqual({ compression: 'gzip', batchSize: 2_000, errorLimit: null });

    const jobId = await startJob(server, sync.id);
    const job = await waitForJob(server, jobId);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      rowsExpected: 10_000,
      rowsRead: 10_000,
      rowsProduced: 10_000,
      rowsFailed: 0,
      errorMessage: null,
      sync: { id: sync.id },
    });
    const received = await kafka.readTopic(topic);
    expect(received).toHaveLength(10_000);
    const expected: Message[] = rows.map((r) => ({
      key: String(r.id),
      value: JSON.stringify({ id: String(r.id), customer: { name: r.name, address: { city: r.city } }, city: r.city }),
    }));
    expect(sortMessages(received)).toEqual(sortMessages(expected));

    const list = await server.inject({ method: 'GET', url: `/api/jobs?syncId=${sync.id}` });
    expect(list.json().jobs.map((j: { id: string }) => j.id)).toEqual([jobId]);
    const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
    expect(logs.json().entries.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([
        `Queued by ${server.admin.email}`,
        'Attempt 1: started',
        'Finished: 10000 rows produced, 0 failed',
      ]),
    );
  });

  it('records unparseable lines and unserialisable values with their numbers while the rest are produced, and downloads them as CSV', async () => {
    const file = await uploadFile(server, 'broken.csv', 'id,name\n1,a\n2,b,extra\n3,c\n4,"d\n5,e\n');
    const { topic, sync } = await createSyncWithTopic({
      source: csvSource(file.fileId, { quote: '' }),
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'name', targetColumn: 'name' },
        ],
        keyColumn: 'id',
      },
    });
    const job = await waitForJob(server, await startJob(server, sync.id));
    expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 5, rowsProduced: 4, rowsFailed: 1 });
    expect(sortMessages(await kafka.readTopic(topic))).toEqual(
      sortMessages([
        { key: '1', value: '{"id":"1","name":"a"}' },
        { key: '3', value: '{"id":"3","name":"c"}' },
        { key: '4', value: '{"id":"4","name":"\\"d"}' },
        { key: '5', value: '{"id":"5","name":"e"}' },
      ]),
    );
    const errors = await server.inject({ method: 'GET', url: `/api/jobs/${job.id}/errors` });
    expect(errors.json()).toEqual({
      total: 1,
      errors: [
        { rowNumber: 3, sourceValues: { text: '2,b,extra' }, reason: expect.stringContaining('Invalid Record Length') },
      ],
    });
    const csv = await server.inject({ method: 'GET', url: `/api/jobs/${job.id}/errors.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('row_number,reason,text');
    expect(csv.body.split('\r\n')[1]).toMatch(/^3,"?Invalid Record Length.*,2,b,extra"?$|^3,.*"2,b,extra"$/);
  });

  it('fails the job once more rows failed than the error limit', async () => {
    const lines = ['id,name', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? `${i},x,extra` : `${i},ok`))];
    const file = await uploadFile(server, 'many-bad.csv', lines.join('\n'));
    const { sync } = await createSyncWithTopic({
      source: csvSource(file.fileId),
      columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
      jobSettings: { errorLimit: 3, batchSize: 5 },
    });
    const job = await waitForJob(server, await startJob(server, sync.id));
    expect(job.status).toBe('FAILED');
    expect(job.errorMessage).toMatch(/more than the error limit of 3/);
    expect(job.rowsFailed).toBeGreaterThan(3);
  });

  it('fails at once, without retries, when the destination topic does not exist', async () => {
    const file = await uploadFile(server, 'to-nowhere.csv', 'id\n1\n');
    const topic = unique('missing-topic');
    const created = await saveSync({
      destination: plainDestination(brokers, topic),
      source: csvSource(file.fileId),
      columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const jobId = await startJob(server, created.json().id);
    // Well inside the producer's own retries (about a minute) and pg-boss's retry delays.
    const job = await waitForJob(server, jobId, undefined, 30);
    expect(job).toMatchObject({ status: 'FAILED', rowsProduced: 0 });
    expect(job.errorMessage).toBe(
      `Topic "${topic}" does not exist on the cluster (or this user may not see it), and Tributary does not create topics: create it, or correct Topic Name on the Destination tab`,
    );
    const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
    const messages = logs.json().entries.map((e: { message: string }) => e.message) as string[];
    expect(messages.filter((message) => message.startsWith('Attempt 1 failed'))).toEqual([]);
    expect(await kafka.listTopics()).not.toContain(topic);
  });

  it('queues one job of a sync at a time: of two starts at once one is refused, naming the job in flight', async () => {
    const file = await uploadFile(server, 'one-at-a-time.csv', 'id\n1\n2\n');
    const { topic, sync } = await createSyncWithTopic({
      source: csvSource(file.fileId),
      columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
    });
    const answers = await Promise.all(
      [0, 1].map(() => server.inject({ method: 'POST', url: '/api/jobs', payload: { syncId: sync.id } })),
    );
    const started = answers.filter((answer) => answer.statusCode === 201);
    const refused = answers.filter((answer) => answer.statusCode === 409);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const jobId = started[0]?.json().id as string;
    expect(refused[0]?.json()).toMatchObject({
      code: 'CONFLICT',
      fields: [{ field: 'syncId', message: expect.stringContaining(`(job ${jobId})`) }],
    });
    const listed = await server.inject({ method: 'GET', url: `/api/jobs?syncId=${sync.id}` });
    expect(listed.json().jobs).toHaveLength(1);

    expect((await waitForJob(server, jobId)).status).toBe('SUCCEEDED');
    const again = await startJob(server, sync.id);
    expect((await waitForJob(server, again)).status).toBe('SUCCEEDED');
    expect(await kafka.readTopic(topic)).toHaveLength(4);
  });

  it('cancels a running job within seconds and keeps what was produced counted', async () => {
    const lines = ['id', ...Array.from({ length: 300_000 }, (_, i) => String(i))];
    const file = await uploadFile(server, 'long.csv', lines.join('\n'));
    const { topic, sync } = await createSyncWithTopic({
      source: csvSource(file.fileId),
      columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
      jobSettings: { batchSize: 100 },
    });
    const jobId = await startJob(server, sync.id);
    await waitForJob(server, jobId, (job) => job.rowsProduced > 0);
    const cancel = await server.inject({ method: 'POST', url: `/api/jobs/${jobId}/cancel` });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().cancelRequestedAt).not.toBeNull();
    const job = await waitForJob(server, jobId, undefined, 30);
    expect(job.status).toBe('CANCELLED');
    expect(job.rowsProduced).toBeLessThan(300_000);
    expect(await kafka.readTopic(topic)).toHaveLength(job.rowsProduced);
  });
});

describe('database sources', () => {
  const pgConnection = { type: 'postgresql', ...databaseConnectionFromUrl(testEnv.databaseUrl) };
  const pgTable = `job_source_${Date.now()}`;

  beforeAll(() =>
    appDb((client) =>
      client.query(`create table ${pgTable} (id int primary key, big bigint, amount numeric(30,4), ratio float8,
        name text, is_active boolean, created_at timestamptz, birthday date, tags jsonb, missing text);
        insert into ${pgTable} select i, 9007199254740993 + i, 12345678901234567890.1234, i / 4.0, 'name ' || i, i % 2 = 0,
          timestamptz '2026-11-25 05:00:00+00' + i * interval '1 second', date '2000-01-31', jsonb_build_object('n', i), null
        from generate_series(1, 2500) as i`),
    ),
  );
  afterAll(() => appDb((client) => client.query(`drop table if exists ${pgTable}`)));

  const typeMapping = {
    rows: [
      { sourceColumn: 'id', targetColumn: 'id' },
      { sourceColumn: 'big', targetColumn: 'numbers.big' },
      { sourceColumn: 'amount', targetColumn: 'numbers.amount' },
      { sourceColumn: 'ratio', targetColumn: 'numbers.ratio' },
      { sourceColumn: 'name', targetColumn: 'name' },
      { sourceColumn: 'is_active', targetColumn: 'isActive' },
      { sourceColumn: 'created_at', targetColumn: 'createdAt' },
      { sourceColumn: 'birthday', targetColumn: 'birthday' },
      { sourceColumn: 'tags', targetColumn: 'tags' },
      { sourceColumn: 'missing', targetColumn: 'missing' },
    ],
    keyColumn: 'id',
  };
  const expectedPgValue = (i: number) => ({
    id: i,
    numbers: { big: String(9007199254740993n + BigInt(i)), amount: '12345678901234567890.1234', ratio: i / 4 },
    name: `name ${i}`,
    isActive: i % 2 === 0,
    createdAt: new Date(Date.UTC(2026, 10, 25, 5, 0, i)).toISOString(),
    birthday: '2000-01-31',
    tags: { n: i },
    missing: null,
  });

  it('moves a PostgreSQL table with every supported type into the topic, values typed as documented', async () => {
    const { topic, sync } = await createSyncWithTopic({
      source: { ...pgConnection, table: `public.${pgTable}` },
      columnMapping: typeMapping,
      jobSettings: { batchSize: 700 },
    });
    expect(JSON.stringify(sync)).not.toContain(`"password":"`);
    const job = await waitForJob(server, await startJob(server, sync.id));
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsExpected: 2500, rowsProduced: 2500 });
    const received = await kafka.readTopic(topic);
    expect(received).toHaveLength(2500);
    const byKey = new Map(received.map((m) => [m.key, JSON.parse(m.value) as unknown]));
    for (const i of [1, 2, 1234, 2500]) expect(byKey.get(String(i))).toEqual(expectedPgValue(i));
    expect(sortMessages(received)).toEqual(
      sortMessages(
        Array.from({ length: 2500 }, (_, k) => ({ key: String(k + 1), value: JSON.stringify(expectedPgValue(k + 1)) })),
      ),
    );
  });

  it('records a value that cannot be serialised (NaN) with its row number while the rest are produced', async () => {
    const { topic, sync } = await createSyncWithTopic({
      source: {
        ...pgConnection,
        query: `select id, case when id in (3, 7) then 'NaN'::float8 else ratio end as ratio from ${pgTable} where id <= 10 order by id`,
      },
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'ratio', targetColumn: 'ratio' },
        ],
        keyColumn: 'id',
      },
    });
    const job = await waitForJob(server, await startJob(server, sync.id));
    expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 10, rowsProduced: 8, rowsFailed: 2 });
    const received = await kafka.readTopic(topic);
    expect(received.map((m) => m.key).sort((a, b) => Number(a) - Number(b))).toEqual([
      '1',
      '2',
      '4',
      '5',
      '6',
      '8',
      '9',
      '10',
    ]);
    const errors = await server.inject({ method: 'GET', url: `/api/jobs/${job.id}/errors` });
    expect(errors.json()).toEqual({
      total: 2,
      errors: [3, 7].map((id) => ({
        rowNumber: id,
        sourceValues: { id, ratio: 'NaN' },
        reason: 'column "ratio": NaN is not a number JSON can hold',
      })),
    });
  });

  it('moves the rows of a PostgreSQL query, with big numbers as numbers when chosen', async () => {
    const { topic, sync } = await createSyncWithTopic({
      source: { ...pgConnection, query: `select id, big, amount from ${pgTable} where id <= 100 order by id` },
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'big', targetColumn: 'big' },
        ],
        keyColumn: null,
        bigNumbersAs: 'number',
      },
    });
    const job = await waitForJob(server, await startJob(server, sync.id));
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsExpected: 100, rowsProduced: 100 });
    const received = await kafka.readTopic(topic);
    expect(received.every((m) => m.key === null)).toBe(true);
    expect(received.map((m) => JSON.parse(m.value) as { id: number; big: number }).sort((a, b) => a.id - b.id)).toEqual(
      Array.from({ length: 100 }, (_, k) => ({ id: k + 1, big: Number(9007199254740993n + BigInt(k + 1)) })),
    );
  });

  it('moves a MariaDB table, keeping the stored password when saved blank, never answering it', async () => {
    const table = `job_source_${Date.now()}`;
    const connection = { type: 'mysql', ...databaseConnectionFromUrl(mysqlUrl) };
    const { type: _type, ...mysqlOptions } = connection;
    const client = await mysql.createConnection({ ...mysqlOptions, multipleStatements: true });
    const values = Array.from(
      { length: 1_200 },
      (_, i) => `(${i + 1}, ${2n ** 62n + BigInt(i)}, 'n${i + 1}', ${i % 2}, '2026-11-25 05:00:00')`,
    );
    await client.query(`create table ${table} (id int primary key, big bigint, name varchar(20), flag tinyint(1), at datetime(3));
      insert into ${table} values ${values.join(',')};`);
    try {
      const mapping = {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'big', targetColumn: 'detail.big' },
          { sourceColumn: 'name', targetColumn: 'detail.name' },
          { sourceColumn: 'flag', targetColumn: 'flag' },
          { sourceColumn: 'at', targetColumn: 'at' },
        ],
        keyColumn: 'name',
      };
      const { topic, sync } = await createSyncWithTopic({ source: { ...connection, table }, columnMapping: mapping });
      // Saving again with a blank password keeps the stored one (root has none here, so the view says not set).
      const resaved = await saveSync(
        {
          name: sync.name,
          destination: plainDestination(brokers, topic),
          source: { ...connection, password: '', table },
          columnMapping: mapping,
        },
        sync.id,
      );
      expect(resaved.statusCode, resaved.body).toBe(200);
      expect(resaved.json().source).toMatchObject({ type: 'mysql', table, password: { isSet: false } });
      const job = await waitForJob(server, await startJob(server, sync.id));
      expect(job).toMatchObject({ status: 'SUCCEEDED', rowsExpected: 1200, rowsProduced: 1200 });
      const received = await kafka.readTopic(topic);
      expect(sortMessages(received)).toEqual(
        sortMessages(
          Array.from({ length: 1200 }, (_, i) => ({
            key: `n${i + 1}`,
            value: JSON.stringify({
              id: i + 1,
              detail: { big: String(2n ** 62n + BigInt(i)), name: `n${i + 1}` },
              flag: i % 2 === 1,
              at: '2026-11-25T05:00:00.000Z',
            }),
          })),
        ),
      );
    } finally {
      await client.query(`drop table if exists ${table}`);
      await client.end();
    }
  });

  it('seals a source password, answers it only as set, and uses the stored one for Test Connection', async () => {
    const secret = `pw-${randomUUID()}`;
    const created = await saveSync({
      destination: plainDestination(brokers, 'unused'),
      source: { ...pgConnection, password: secret, table: pgTable },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(secret);
    expect(created.json().source.password).toEqual({ isSet: true });
    const rows = await appDb((client) => client.query('select * from syncs where id = $1', [created.json().id]));
    expect(JSON.stringify(rows.rows)).not.toContain(secret);
    // trust auth ignores the password, so the stored one is only proven to be carried and hidden
    const test = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: { ...pgConnection, password: '', table: pgTable }, syncId: created.json().id },
    });
    expect(test.json()).toMatchObject({ ok: true });
    expect(test.body).not.toContain(secret);
  });

  it('discovers the columns and types of a table, with sample rows as JSON would carry them', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/api/sources/columns',
      payload: {
        source: { ...pgConnection, query: `select id, big, amount, created_at from ${pgTable} order by id limit 2` },
      },
    });
    expect(response.json()).toEqual({
      columns: [
        { name: 'id', type: 'int4' },
        { name: 'big', type: 'int8' },
        { name: 'amount', type: 'numeric' },
        { name: 'created_at', type: 'timestamptz' },
      ],
      sampleRows: [1, 2].map((i) => ({
        id: i,
        big: String(9007199254740993n + BigInt(i)),
        amount: '12345678901234567890.1234',
        created_at: new Date(Date.UTC(2026, 10, 25, 5, 0, i)).toISOString(),
      })),
    });
  });

  it('answers Test Connection with the database refusing a wrong user or password', async () => {
    const connection = { type: 'mysql', ...databaseConnectionFromUrl(mysqlUrl) };
    const response = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: { ...connection, user: 'tributary_nobody', password: 'wrong-secret', query: 'select 1' } },
    });
    expect(response.json()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The database refused user "tributary_nobody": Access denied/),
      hint: 'Check the user and password',
    });
    expect(response.body).not.toContain('wrong-secret');
  });

  it('answers Test Connection with a reason when the source cannot be reached or the query does not parse', async () => {
    const refused = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: { ...pgConnection, port: 1, table: pgTable } },
    });
    expect(refused.json()).toEqual({
      ok: false,
      message: 'Nothing accepts connections at 127.0.0.1:1',
      hint: 'Check the host and port',
    });
    const badQuery = await server.inject({
      method: 'POST',
      url: '/api/sources/test',
      payload: { source: { ...pgConnection, query: 'select from where' } },
    });
    expect(badQuery.json()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The query does not parse: syntax error/),
    });
  });
});

describe('column mapping validation on save', () => {
  it('rejects empty names, duplicate targets, value-vs-object targets and unknown source columns, naming the row', async () => {
    const file = await uploadFile(server, 'v.csv', 'id,name\n1,a\n', 'application/vnd.ms-excel');
    const save = (rows: object[], keyColumn: string | null = null) =>
      saveSync({
        destination: plainDestination(brokers, 'x'),
        source: csvSource(file.fileId),
        columnMapping: { rows, keyColumn },
      });

    const empty = await save([{ sourceColumn: 'id', targetColumn: '' }]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toContainEqual({
      field: 'body.columnMapping.rows.0.targetColumn',
      message: 'Target Column is required',
    });

    const duplicate = await save([
      { sourceColumn: 'id', targetColumn: 'id' },
      { sourceColumn: 'name', targetColumn: 'id' },
    ]);
    expect(duplicate.json().fields).toContainEqual({
      field: 'body.columnMapping.rows.1.targetColumn',
      message: 'Row 2: Target Column "id" is already used by row 1',
    });

    const valueAndObject = await save([
      { sourceColumn: 'id', targetColumn: 'customer' },
      { sourceColumn: 'name', targetColumn: 'customer.name' },
    ]);
    expect(valueAndObject.json().fields).toContainEqual({
      field: 'body.columnMapping.rows.1.targetColumn',
      message: 'Row 2: "customer" is a value in row 1, so it cannot also hold "name"',
    });

    const unknown = await save(
      [
        { sourceColumn: 'id', targetColumn: 'id' },
        { sourceColumn: 'email', targetColumn: 'email' },
      ],
      'phone',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields).toEqual([
      { field: 'columnMapping.rows.1.sourceColumn', message: 'Row 2: the source has no column "email"' },
      { field: 'columnMapping.keyColumn', message: 'Message key: the source has no column "phone"' },
    ]);
  });

  it('rejects a mapping whose source cannot be reached at save time, on the source field', async () => {
    const response = await saveSync({
      destination: plainDestination(brokers, 'x'),
      source: { type: 'postgresql', host: '127.0.0.1', port: 1, database: 'x', user: 'x', table: 't' },
      columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      {
        field: 'source',
        message: 'The source cannot be read to check the column mapping: Nothing accepts connections at 127.0.0.1:1',
      },
    ]);
  });

  it('refuses to start a job for a sync without a source', async () => {
    const created = await saveSync({ destination: plainDestination(brokers, 'x') });
    const response = await server.inject({ method: 'POST', url: '/api/jobs', payload: { syncId: created.json().id } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('The data sync has no source yet: set up a source before starting a job');
    expect(((await getJob(server, randomUUID())) as unknown as { code: string }).code).toBe('NOT_FOUND');
  });
});

describe('OpenAPI document', () => {
  it('describes the sources, source files, preview and jobs routes from their schemas', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/source-files/',
        '/api/sources/test',
        '/api/sources/columns',
        '/api/syncs/preview',
        '/api/jobs/',
        '/api/jobs/{id}',
        '/api/jobs/{id}/cancel',
        '/api/jobs/{id}/errors',
        '/api/jobs/{id}/errors.csv',
        '/api/jobs/{id}/logs',
      ]),
    );
  });
});
