import type { TPostgresSource } from '@tributary/core';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { DEFAULT_BATCH_SIZE, type ReadOptions, type RowBatch } from '../row-batch.ts';

/** A quoted identifier for `schema.table` or `table`. */
export function quoteTableName(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

export function sourceQuery(source: Pick<TPostgresSource, 'table' | 'query'>): string {
  return source.query ?? `select * from ${quoteTableName(source.table ?? '')}`;
}

// int8 and numeric arrive as text so no digit is lost; the mapping decides how to write them.
// A date is a calendar day, not an instant: keep `YYYY-MM-DD` instead of local midnight.
const TYPE_PARSERS = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === 20) return (value: string) => BigInt(value);
    if (oid === 1082) return (value: string) => value;
    if (oid === 1700) return (value: string) => ({ decimal: value });
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function postgresClient(source: TPostgresSource): pg.Client {
  return new pg.Client({
    host: source.host,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password,
    ssl: source.useSsl ? { rejectUnauthorized: true } : undefined,
    connectionTimeoutMillis: 10_000,
    types: TYPE_PARSERS,
  });
}

/** Streams a table or SELECT through a server-side cursor, one batch per round trip. */
export async function* streamPostgresRows(
  source: TPostgresSource,
  options: ReadOptions = {},
): AsyncGenerator<RowBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const client = postgresClient(source);
  await client.connect();
  // A resumed job skips the rows it already produced by number, so a table must come back in
  // the same order: a synchronized scan could start mid-table behind another reader.
  await client.query('set synchronize_seqscans = off');
  const cursor = client.query(new Cursor(sourceQuery(source)));
  let rowNumber = 0;
  try {
    while (!options.signal?.aborted) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield { records: rows.map((values) => ({ rowNumber: ++rowNumber, values })), errors: [] };
    }
  } finally {
    await cursor.close().catch(() => undefined);
    await client.end();
  }
}
