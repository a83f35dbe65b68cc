import type { TMysqlSource } from '@tributary/core';
import mysql, { type TypeCast } from 'mysql2';
import { DEFAULT_BATCH_SIZE, type ReadOptions, type RowBatch } from '../row-batch.ts';

export function quoteMysqlTableName(table: string): string {
  return table
    .split('.')
    .map((part) => `\`${part.replaceAll('`', '``')}\``)
    .join('.');
}

/** The statement that reads a MySQL source: its query, or every row of its table. */
export function mysqlSourceQuery(source: Pick<TMysqlSource, 'table' | 'query'>): string {
  return source.query ?? `select * from ${quoteMysqlTableName(source.table ?? '')}`;
}

// BIGINT and DECIMAL keep every digit (the mapping decides how to write them), TINYINT(1) is
// MySQL's boolean, and a DATE is a calendar day rather than an instant.
const typeCast: TypeCast = (field, next) => {
  if (field.type === 'LONGLONG') {
    const text = field.string();
    return text === null ? null : BigInt(text);
  }
  if (field.type === 'NEWDECIMAL') {
    const text = field.string();
    return text === null ? null : { decimal: text };
  }
  if (field.type === 'TINY' && field.length === 1) {
    const text = field.string();
    return text === null ? null : text !== '0';
  }
  if (field.type === 'DATE') return field.string();
  if (field.type === 'JSON') {
    const text = field.string();
    return text === null ? null : (JSON.parse(text) as unknown);
  }
  return next();
};

export function mysqlConnection(source: TMysqlSource): mysql.Connection {
  return mysql.createConnection({
    host: source.host,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password,
    ssl: source.useSsl ? { rejectUnauthorized: true } : undefined,
    connectTimeout: 10_000,
    timezone: 'Z',
    typeCast,
  });
}

/** Streams a table or SELECT row by row from the server (no full result in memory), in batches. */
export async function* streamMysqlRows(source: TMysqlSource, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const connection = mysqlConnection(source);
  const sql = mysqlSourceQuery(source);
  const rows = connection.query(sql).stream({ highWaterMark: batchSize });
  let rowNumber = 0;
  let batch: RowBatch = { records: [], errors: [] };
  try {
    for await (const values of rows as AsyncIterable<Record<string, unknown>>) {
      if (options.signal?.aborted) return;
      batch.records.push({ rowNumber: ++rowNumber, values });
      if (batch.records.length >= batchSize) {
        yield batch;
        batch = { records: [], errors: [] };
      }
    }
    if (batch.records.length > 0) yield batch;
  } finally {
    rows.destroy();
    connection.destroy();
  }
}
