import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { databaseConnectionFromUrl, ZMysqlSourceSchema, type TMysqlSource } from '@tributary/core';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countSourceRows,
  discoverColumns,
  SourceReadError,
  streamMysqlRows,
  type ReadOptions,
  type RowBatch,
} from '../src/index.ts';

// MariaDB of the machine (TESTING.md); MYSQL_TEST_URL points elsewhere when given.
const url = new URL(process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test');
const connection = databaseConnectionFromUrl(url.toString());
const table = `read_safety_${Date.now()}`;
const sequence = `${table}_seq`;
const short = { seconds: 1, setting: 'TEST_TIMEOUT' };

async function sql(text: string): Promise<unknown[]> {
  const client = await mysql.createConnection(connection);
  try {
    return (await client.query(text))[0] as unknown[];
  } finally {
    await client.end();
  }
}

/** A source as a caller could send it: the schema's SELECT check is only the first line of defence. */
const querySource = (query: string): TMysqlSource => ({
  ...ZMysqlSourceSchema.parse({ type: 'mysql', ...connection, query: 'select 1' }),
  query,
});

async function readAll(source: TMysqlSource, options: ReadOptions = {}) {
  const batches: RowBatch[] = [];
  for await (const batch of streamMysqlRows(source, options)) batches.push(batch);
  return batches.flatMap((batch) => batch.records.map((record) => record.values));
}

async function refusals(source: TMysqlSource, options: ReadOptions = {}) {
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

const tableRows = () => sql(`select id, name from ${table} order by id`);

beforeAll(async () => {
  await sql(`create table ${table} (id int primary key, name varchar(20))`);
  await sql(`insert into ${table} values (1, 'one'), (2, 'two')`);
  await sql(`create sequence ${sequence}`);
});
afterAll(async () => {
  await sql(`drop table if exists ${table}`);
  await sql(`drop sequence if exists ${sequence}`);
});

describe('MariaDB / MySQL source reads change nothing', () => {
  it('writes no file and sets no variable with SELECT … INTO, which a read-only transaction allows', async () => {
    const file = `/tmp/tributary-into-${randomUUID()}`;
    for (const query of [
      `select * from ${table} into outfile '${file}'`,
      `select name from ${table} limit 1 into dumpfile '${file}'`,
      `select id from ${table} limit 1 into @smuggled`,
    ]) {
      expect(await refusals(querySource(query))).toEqual(
        Array(3).fill({ code: 'NO_RESULT_ROWS', field: 'source.query' }),
      );
    }
    // Text that would close a wrapping subquery and write from outside it.
    for (const query of [
      `select 1 as x) as s into outfile '${file}' -- `,
      `select 1 as x) as s into outfile '${file}' #`,
    ]) {
      expect((await refusals(querySource(query))).every((outcome) => outcome !== 'read')).toBe(true);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second statement and writes through functions', async () => {
    const outcomes = await refusals(querySource(`select 1; drop table ${table}`));
    expect(outcomes.every((outcome) => typeof outcome === 'string' && outcome.includes('SQL syntax'))).toBe(true);
    expect(await refusals(querySource(`select nextval(${sequence}) as n`))).toEqual(
      Array(3).fill({ code: 'WRITES_DATA', field: 'source.query' }),
    );
    expect(await tableRows()).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
    expect(await sql(`select next_not_cached_value as next from ${sequence}`)).toEqual([{ next: 1 }]);
  });

  it('stops a statement past the timeout on the server, naming the setting', async () => {
    expect(await refusals(querySource('select sleep(60) as slept'), { timeout: short })).toEqual(
      Array(3).fill({ code: 'TIMEOUT', field: 'source.query' }),
    );
    await expect(discoverColumns(querySource('select sleep(60)'), 1, { timeout: short })).rejects.toThrow(
      'The source query ran longer than 1 s (TEST_TIMEOUT) and was stopped',
    );
  }, 20_000);

  it('kills a stream whose statement lifts the server limit itself', async () => {
    const marker = `lifted_${Date.now()}`;
    // BENCHMARK, unlike SLEEP, never looks whether the client is still there: only a kill stops it.
    const source = querySource(
      `set statement max_statement_time = 0 for select benchmark(1000000000000, md5('x')) as ${marker}`,
    );
    await expect(readAll(source, { timeout: short })).rejects.toThrow('ran longer than 1 s');
    // KILL QUERY ended it on the server too: nothing of it is left running.
    const running = async () =>
      sql(
        `select id from information_schema.processlist where info like '%${marker}%' and info not like '%processlist%'`,
      );
    for (let attempt = 0; attempt < 50 && (await running()).length > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await running()).toEqual([]);
  }, 20_000);

  it('bounds a stream per fetch: a slow consumer does not make a long job time out', async () => {
    // 40 MB of rows: the server is still sending while the consumer waits past the timeout.
    const source = querySource(`select seq as id, repeat('x', 200) as filler from seq_1_to_200000`);
    let rows = 0;
    for await (const batch of streamMysqlRows(source, { timeout: short, batchSize: 1_000 })) {
      rows += batch.records.length;
      if (rows === 1_000) await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    expect(rows).toBe(200_000);
  }, 30_000);

  it('names two result columns of one name apart, and counts them', async () => {
    const source = querySource("select 1 as a, 2 as a, 3 as '', 4 as a_2");
    const discovery = await discoverColumns(source);
    expect(discovery.columns.map((column) => column.name)).toEqual(['a', 'a_3', 'column_3', 'a_2']);
    expect(discovery.sampleRows).toEqual([{ a: 1, a_3: 2, column_3: 3, a_2: 4 }]);
    expect(await readAll(source)).toEqual(discovery.sampleRows);
    expect(await countSourceRows(source)).toBe(1);
  });

  it('counts a query that ends with a semicolon or a comment', async () => {
    for (const query of [`select * from ${table};`, `select * from ${table} -- all`, `select * from ${table} # all`]) {
      expect(await countSourceRows(querySource(query))).toBe(2);
    }
  });
});
