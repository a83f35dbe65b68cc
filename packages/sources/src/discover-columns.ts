import type { TMysqlSource, TPostgresSource } from '@tributary/core';
import { streamDelimitedRows, type DelimitedFileSource } from './delimited/stream-delimited-rows.ts';
import { mysqlConnection, mysqlSourceQuery } from './mysql/stream-mysql-rows.ts';
import { postgresClient, sourceQuery } from './postgres/stream-postgres-rows.ts';

export interface DiscoveredColumn {
  name: string;
  /** The source's own type name (`int8`, `VARCHAR`, `text` for files). */
  type: string;
}

export interface ColumnDiscovery {
  columns: DiscoveredColumn[];
  /** The first rows, as the job would read them. */
  sampleRows: Array<Record<string, unknown>>;
}

export type DiscoverableSource = DelimitedFileSource | TPostgresSource | TMysqlSource;

const SAMPLE_SIZE = 10;

/** Column names and types of a source plus a few rows, for the Column Mapping tab and its checks. */
export async function discoverColumns(source: DiscoverableSource, sampleSize = SAMPLE_SIZE): Promise<ColumnDiscovery> {
  switch (source.type) {
    case 'delimited-file':
      return discoverDelimited(source, sampleSize);
    case 'postgresql':
      return discoverPostgres(source, sampleSize);
    case 'mysql':
      return discoverMysql(source, sampleSize);
  }
}

async function discoverDelimited(source: DelimitedFileSource, sampleSize: number): Promise<ColumnDiscovery> {
  const sampleRows: Array<Record<string, unknown>> = [];
  for await (const batch of streamDelimitedRows(source, { batchSize: sampleSize })) {
    sampleRows.push(...batch.records.map((record) => record.values));
    break;
  }
  const names = [...new Set(sampleRows.flatMap((row) => Object.keys(row)))];
  return { columns: names.map((name) => ({ name, type: 'text' })), sampleRows };
}

async function discoverPostgres(source: TPostgresSource, sampleSize: number): Promise<ColumnDiscovery> {
  const client = postgresClient(source);
  await client.connect();
  try {
    // The limit wraps the user's query so its own ORDER BY / LIMIT still apply.
    const result = await client.query(`select * from (${sourceQuery(source)}) as source limit ${sampleSize}`);
    const typeNames = await client.query<{ oid: number; typname: string }>(
      'select oid, typname from pg_type where oid = any($1)',
      [result.fields.map((field) => field.dataTypeID)],
    );
    const byOid = new Map(typeNames.rows.map((row) => [row.oid, row.typname]));
    return {
      columns: result.fields.map((field) => ({
        name: field.name,
        type: byOid.get(field.dataTypeID) ?? String(field.dataTypeID),
      })),
      sampleRows: result.rows,
    };
  } finally {
    await client.end();
  }
}

async function discoverMysql(source: TMysqlSource, sampleSize: number): Promise<ColumnDiscovery> {
  const connection = mysqlConnection(source).promise();
  try {
    const sql = `select * from (${mysqlSourceQuery(source)}) as source limit ${sampleSize}`;
    const [rows, fields] = await connection.query(sql);
    return {
      columns: fields.map((field) => ({ name: field.name, type: mysqlTypeName(field.columnType ?? field.type) })),
      sampleRows: rows as Array<Record<string, unknown>>,
    };
  } finally {
    // end() never settles after a refused login; nothing is left to flush on a read.
    connection.destroy();
  }
}

const MYSQL_TYPES: Record<number, string> = {
  1: 'TINYINT',
  2: 'SMALLINT',
  3: 'INT',
  4: 'FLOAT',
  5: 'DOUBLE',
  7: 'TIMESTAMP',
  8: 'BIGINT',
  9: 'MEDIUMINT',
  10: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  15: 'VARCHAR',
  16: 'BIT',
  245: 'JSON',
  246: 'DECIMAL',
  252: 'BLOB',
  253: 'VARCHAR',
  254: 'CHAR',
};

function mysqlTypeName(code: number | undefined): string {
  return code === undefined ? 'unknown' : (MYSQL_TYPES[code] ?? String(code));
}
