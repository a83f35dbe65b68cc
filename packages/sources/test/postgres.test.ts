import { databaseConnectionFromUrl, ZColumnMappingSchema, ZPostgresSourceSchema } from '@tributary/core';
import { compileMapping } from '@tributary/mapping';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverColumns, streamPostgresRows, type RowBatch } from '../src/index.ts';

const url = new URL(inject('testEnv').databaseUrl);
const table = `source_types_${Date.now()}`;
const connection = { type: 'postgresql', ...databaseConnectionFromUrl(url.toString()) };

async function sql(text: string) {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function readAll(source: object, batchSize = 1_000) {
  const batches: RowBatch[] = [];
  for await (const batch of streamPostgresRows(ZPostgresSourceSchema.parse({ ...connection, ...source }), {
    batchSize,
  }))
    batches.push(batch);
  return batches;
}

beforeAll(() =>
  sql(`
    create schema if not exists sales;
    create table sales.${table} (
      id int4 primary key, big int8, amount numeric(30,4), ratio float8, name text, is_active bool,
      created_at timestamptz, birthday date, payload jsonb, photo bytea, ref uuid, missing text
    );
    insert into sales.${table}
    select i, 9007199254740993 + i, 12345678901234567890.1234, i / 4.0, 'name ' || i, i % 2 = 0,
           timestamptz '2026-11-25 05:00:00+00' + make_interval(secs => i), date '2000-01-31',
           jsonb_build_object('n', i, 'tags', jsonb_build_array('a', 'b')), '\\x6869'::bytea,
           '3f1c5b0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f', null
    from generate_series(1, 2500) i;
  `),
);
afterAll(() => sql(`drop table if exists sales.${table}`));

describe('PostgreSQL source', () => {
  it('streams a table through a cursor in batches, numbering rows', async () => {
    const batches = await readAll({ table: `sales.${table}` }, 1_000);
    expect(batches.map((batch) => batch.records.length)).toEqual([1_000, 1_000, 500]);
    expect(batches[2]!.records.at(-1)!.rowNumber).toBe(2_500);
  });

  it('streams a SELECT query', async () => {
    const batches = await readAll({ query: `select id, name from sales.${table} where id <= 3 order by id` });
    expect(batches.flatMap((batch) => batch.records.map((record) => record.values))).toEqual([
      { id: 1, name: 'name 1' },
      { id: 2, name: 'name 2' },
      { id: 3, name: 'name 3' },
    ]);
  });

  it('keeps every column type through the mapping to JSON', async () => {
    const [batch] = await readAll({ query: `select * from sales.${table} where id = 2` });
    const columns = [
      'id',
      'big',
      'amount',
      'ratio',
      'name',
      'is_active',
      'created_at',
      'birthday',
      'payload',
      'photo',
      'ref',
      'missing',
    ];
    const toMessage = compileMapping(
      ZColumnMappingSchema.parse({
        rows: columns.map((column) => ({ sourceColumn: column, targetColumn: `row.${column}` })),
        keyColumn: 'id',
      }),
    );
    const message = toMessage(batch!.records[0]!.values);
    expect(message.key).toBe('2');
    expect(JSON.parse(message.value)).toEqual({
      row: {
        id: 2,
        big: '9007199254740995',
        amount: '12345678901234567890.1234',
        ratio: 0.5,
        name: 'name 2',
        is_active: true,
        created_at: '2026-11-25T05:00:02.000Z',
        birthday: '2000-01-31',
        payload: { n: 2, tags: ['a', 'b'] },
        photo: 'aGk=',
        ref: '3f1c5b0e-1d2a-4c5b-9e8f-0a1b2c3d4e5f',
        missing: null,
      },
    });
  });

  it('rejects a config with both or neither of table and query, and a non-SELECT query', () => {
    const problems = (source: object) =>
      ZPostgresSourceSchema.safeParse({ ...connection, ...source }).error?.issues.map((issue) => issue.message);
    expect(problems({})).toEqual(['Give either a table or a SELECT query']);
    expect(problems({ table: 't', query: 'select 1' })).toEqual(['Give either a table or a SELECT query']);
    expect(problems({ query: 'delete from t' })).toEqual(['The query must be a SELECT (or WITH … SELECT)']);
  });

  it("discovers column names, types and sample rows, keeping the query's own order", async () => {
    const discovery = await discoverColumns(
      ZPostgresSourceSchema.parse({
        ...connection,
        query: `select id, big, amount, name from sales.${table} order by id desc`,
      }),
      2,
    );
    expect(discovery.columns).toEqual([
      { name: 'id', type: 'int4' },
      { name: 'big', type: 'int8' },
      { name: 'amount', type: 'numeric' },
      { name: 'name', type: 'text' },
    ]);
    expect(discovery.sampleRows.map((row) => row.id)).toEqual([2_500, 2_499]);
  });
});
