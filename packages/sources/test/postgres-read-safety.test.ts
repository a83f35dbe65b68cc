import { databaseConnectionFromUrl, ZPostgresSourceSchema, type TPostgresSource } from '@tributary/core';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  countSourceRows,
  discoverColumns,
  identifyPostgresDatabase,
  SourceReadError,
  streamPostgresRows,
  type ReadOptions,
  type RowBatch,
} from '../src/index.ts';

const testEnv = inject('testEnv');
const connection = { type: 'postgresql', ...databaseConnectionFromUrl(testEnv.databaseUrl) };
const table = `read_safety_${Date.now()}`;
const sequence = `${table}_seq`;
const short = { seconds: 1, setting: 'TEST_TIMEOUT' };

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE of what stopped a read: 57014 when the server cancelled the statement itself. */
async function stoppedBy(read: Promise<unknown>): Promise<string | undefined> {
  const error = await read.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SourceReadError);
  return ((error as SourceReadError).cause as { code?: string } | undefined)?.code;
}

const tableRows = () => sql<{ id: number; name: string }>(`select id, name from ${table} order by id`);

/** A source as a caller could send it: the schema's SELECT check is only the first line of defence. */
const querySource = (query: string): TPostgresSource => ({
  ...ZPostgresSourceSchema.parse({ ...connection, query: 'select 1' }),
  query,
});

async function readAll(source: TPostgresSource, options: ReadOptions = {}) {
  const batches: RowBatch[] = [];
  for await (const batch of streamPostgresRows(source, options)) batches.push(batch);
  return batches.flatMap((batch) => batch.records.map((record) => record.values));
}

/** The refusal every way a source is read (discovery, count, stream) gives for this source. */
async function refusals(source: TPostgresSource, options: ReadOptions = {}) {
  const outcomes = await Promise.allSettled([
    discoverColumns(source, 10, options),
    countSourceRows(source, options),
    readAll(source, options),
  ]);
  return outcomes.map((outcome) => {
    if (outcome.status === 'fulfilled') return 'read';
    const error = outcome.reason as Error;
    return error instanceof SourceReadError ? { code: error.code, field: error.field } : error.message;
  });
}

beforeAll(() =>
  sql(`create table ${table} (id int primary key, name text);
       insert into ${table} values (1, 'one'), (2, 'two');
       create sequence ${sequence};`),
);
afterAll(() => sql(`drop table if exists ${table}; drop sequence if exists ${sequence}`));

describe('PostgreSQL source reads change nothing', () => {
  it('refuses a second statement smuggled after the query, however it is wrapped', async () => {
    for (const query of [
      `select 1 as x; drop table ${table}`,
      `SELECT 1 AS x) AS s; DROP TABLE ${table}; SELECT * FROM (SELECT 1 AS x`,
      `select 1 as x; update ${table} set name = 'changed'; select 1`,
    ]) {
      const outcomes = await refusals(querySource(query));
      expect(outcomes.every((outcome) => outcome !== 'read')).toBe(true);
    }
    expect(await refusals(querySource(`select 1 as x; drop table ${table}`))).toEqual(
      Array(3).fill({ code: 'NOT_ONE_STATEMENT', field: 'source.query' }),
    );
    expect(await tableRows()).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
  });

  it('refuses data-modifying WITH queries and writing functions in the read-only transaction', async () => {
    for (const query of [
      `with u as (update ${table} set name = 'changed' returning *) select * from u`,
      `with d as (delete from ${table} returning *) select * from d`,
      `select nextval('${sequence}')`,
    ]) {
      expect(await refusals(querySource(query))).toEqual(Array(3).fill({ code: 'WRITES_DATA', field: 'source.query' }));
    }
    expect(await tableRows()).toHaveLength(2);
    expect(await sql(`select last_value::int, is_called from ${sequence}`)).toEqual([
      { last_value: 1, is_called: false },
    ]);
  });

  it('refuses statements that are not queries: SELECT … INTO, COPY, CALL, SET', async () => {
    const file = `/tmp/tributary-copy-${randomUUID()}`;
    for (const query of [
      `select * into ${table}_copy from ${table}`,
      `copy (select * from ${table}) to '${file}'`,
      `call no_such_procedure()`,
      `set statement_timeout = 0`,
    ]) {
      const outcomes = await refusals(querySource(query));
      expect(outcomes.every((outcome) => outcome !== 'read')).toBe(true);
    }
    expect(existsSync(file)).toBe(false);
    expect(await sql(`select to_regclass('${table}_copy') as copy`)).toEqual([{ copy: null }]);
  });

  it('stops a statement that runs past the timeout, naming the setting', async () => {
    const outcomes = await refusals(querySource('select pg_sleep(60) as slept'), { timeout: short });
    expect(outcomes).toEqual(Array(3).fill({ code: 'TIMEOUT', field: 'source.query' }));
    expect(await stoppedBy(readAll(querySource('select pg_sleep(60)'), { timeout: short }))).toBe('57014');
    await expect(discoverColumns(querySource('select pg_sleep(60)'), 1, { timeout: short })).rejects.toThrow(
      'The source query ran longer than 1 s (TEST_TIMEOUT) and was stopped',
    );
  }, 20_000);

  it('bounds each fetch of a stream, not the whole read', async () => {
    // Each fetch of 2 rows sleeps 0.8 s, within the 1 s limit; the read as a whole takes 2.4 s.
    const slow = querySource('select i, pg_sleep(0.4) is not null as slept from generate_series(1, 6) as i');
    expect((await readAll(slow, { timeout: short, batchSize: 2 })).map((row) => row.i)).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(readAll(slow, { timeout: short, batchSize: 3 })).rejects.toThrow('ran longer than 1 s');
  }, 20_000);

  it('keeps the timeout when the query tries to lift it with set_config', async () => {
    const query = `select i, set_config('statement_timeout', '0', false) as lifted, pg_sleep(case when i = 1 then 0 else 30 end) is not null as slept
      from generate_series(1, 2) as i`;
    await expect(readAll(querySource(query), { timeout: short, batchSize: 1 })).rejects.toThrow('ran longer than 1 s');
    // The server stopped it, not the client's own later deadline.
    expect(await stoppedBy(readAll(querySource(query), { timeout: short, batchSize: 1 }))).toBe('57014');
  }, 20_000);

  it('names two result columns of one name apart, in discovery and in the rows', async () => {
    const source = querySource('select 1 as a, 2 as a, 3 as a_2, 4');
    const discovery = await discoverColumns(source);
    expect(discovery.columns.map((column) => column.name)).toEqual(['a', 'a_3', 'a_2', '?column?']);
    expect(discovery.sampleRows).toEqual([{ a: 1, a_3: 2, a_2: 3, '?column?': 4 }]);
    expect(await readAll(source)).toEqual(discovery.sampleRows);
  });

  it('counts a query by moving its cursor, with no text around the query', async () => {
    expect(await countSourceRows(querySource(`select * from ${table} order by id`))).toBe(2);
    expect(await countSourceRows(querySource('select 1 as a, 2 as a from generate_series(1, 2500)'))).toBe(2_500);
  });
});

describe("Tributary's own database as a source", () => {
  let ownDatabase: Awaited<ReturnType<typeof identifyPostgresDatabase>>;
  beforeAll(async () => {
    ownDatabase = await identifyPostgresDatabase(testEnv.databaseUrl);
  });

  it('is refused by address, loopback spellings included, before any login', async () => {
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]', '127.0.0.2']) {
      const source = { ...querySource('select 1'), host, password: 'not even tried' };
      expect(await refusals(source, { ownDatabase })).toEqual(
        Array(3).fill({ code: 'OWN_DATABASE', field: 'source.database' }),
      );
    }
  });

  it('is refused by what the server says it is, whatever address reached it', async () => {
    // As if Tributary knew its database under another name: only the server's identity matches.
    const elsewhere = { ...ownDatabase, host: 'db.internal.example', port: 6543 };
    expect(await refusals(querySource('select email from users'), { ownDatabase: elsewhere })).toEqual(
      Array(3).fill({ code: 'OWN_DATABASE', field: 'source.database' }),
    );
  });

  it('leaves another database of the same server readable', async () => {
    const other = { ...querySource('select 1 as one'), ...databaseConnectionFromUrl(testEnv.adminDatabaseUrl) };
    expect((await discoverColumns(other, 1, { ownDatabase })).sampleRows).toEqual([{ one: 1 }]);
  });
});
