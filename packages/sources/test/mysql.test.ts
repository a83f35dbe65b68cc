import { databaseConnectionFromUrl, ZColumnMappingSchema, ZMysqlSourceSchema } from '@tributary/core';
import { compileMapping } from '@tributary/mapping';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverColumns, streamMysqlRows, type RowBatch } from '../src/index.ts';

// MariaDB of the machine (TESTING.md); MYSQL_TEST_URL points elsewhere when given.
const url = new URL(process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test');
const connection = { type: 'mysql', ...databaseConnectionFromUrl(url.toString()) };
const table = `source_types_${Date.now()}`;

async function sql(text: string) {
  const client = await mysql.createConnection({ ...connection, multipleStatements: true });
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function readAll(source: object, batchSize = 1_000) {
  const batches: RowBatch[] = [];
  for await (const batch of streamMysqlRows(ZMysqlSourceSchema.parse({ ...connection, ...source }), { batchSize }))
    batches.push(batch);
  return batches;
}

beforeAll(async () => {
  const values = Array.from(
    { length: 1_500 },
    (_, i) =>
      `(${i + 1}, ${9007199254740993n + BigInt(i + 1)}, 12345678901234567890.1234, ${(i + 1) / 4}, 'name ${i + 1}', ${(i + 1) % 2 === 0}, '2026-11-25 05:00:00', '2000-01-31', '{"n": ${i + 1}}', NULL)`,
  ).join(',');
  await sql(`create table ${table} (
      id int primary key, big bigint, amount decimal(30,4), ratio double, name varchar(50), is_active tinyint(1),
      created_at datetime(3), birthday date, payload json, missing varchar(10));
    insert into ${table} values ${values};`);
});
afterAll(() => sql(`drop table if exists ${table}`));

describe('MariaDB / MySQL source', () => {
  it('streams a table in batches, numbering rows', async () => {
    const batches = await readAll({ table }, 600);
    expect(batches.map((batch) => batch.records.length)).toEqual([600, 600, 300]);
    expect(batches[2]!.records.at(-1)!.rowNumber).toBe(1_500);
  });

  it('keeps every column type through the mapping to JSON', async () => {
    const [batch] = await readAll({ query: `select * from ${table} where id = 2` });
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
      'missing',
    ];
    const toMessage = compileMapping(
      ZColumnMappingSchema.parse({ rows: columns.map((column) => ({ sourceColumn: column, targetColumn: column })) }),
    );
    expect(JSON.parse(toMessage(batch!.records[0]!.values).value)).toEqual({
      id: 2,
      big: '9007199254740995',
      amount: '12345678901234567890.1234',
      ratio: 0.5,
      name: 'name 2',
      is_active: true,
      created_at: '2026-11-25T05:00:00.000Z',
      birthday: '2000-01-31',
      payload: { n: 2 },
      missing: null,
    });
  });

  it('discovers column names, types and sample rows', async () => {
    const discovery = await discoverColumns(ZMysqlSourceSchema.parse({ ...connection, table }), 3);
    expect(discovery.columns.map((column) => column.name)).toEqual([
      'id',
      'big',
      'amount',
      'ratio',
      'name',
      'is_active',
      'created_at',
      'birthday',
      'payload',
      'missing',
    ]);
    expect(discovery.columns.slice(0, 3).map((column) => column.type)).toEqual(['INT', 'BIGINT', 'DECIMAL']);
    expect(discovery.sampleRows).toHaveLength(3);
  });
});
