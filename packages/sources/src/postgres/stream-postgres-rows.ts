import type { TPostgresSource } from '@tributary/core';
import pg from 'pg';
import { rowObject, uniqueColumnNames } from '../column-names.ts';
import { DEFAULT_BATCH_SIZE, type ReadOptions, type RowBatch } from '../row-batch.ts';
import { batchesOf, type SourceCursor } from '../source-cursor.ts';
import {
  DEFAULT_SOURCE_TIMEOUT,
  SourceReadError,
  sourceTimeoutError,
  statementField,
  type SourceTimeout,
} from '../source-read-error.ts';
import { refuseOwnAddress, refuseOwnServer } from './own-database.ts';

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

/** The client gives up a few seconds after the server should have: only a lost server gets that far. */
const CLIENT_GRACE_MS = 5_000;

function postgresClient(source: TPostgresSource, timeout: SourceTimeout): pg.Client {
  const client = new pg.Client({
    host: source.host,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password,
    ssl: source.useSsl ? { rejectUnauthorized: true } : undefined,
    connectionTimeoutMillis: 10_000,
    query_timeout: timeout.seconds * 1_000 + CLIENT_GRACE_MS,
    application_name: 'tributary source read',
    types: TYPE_PARSERS,
  });
  // A dropped connection fails the next query; without a listener it would end the process.
  client.on('error', () => undefined);
  return client;
}

const CURSOR = 'tributary_source';

/** The PostgreSQL errors a source statement meets by design, as the field to change and why. */
function explainRefusal(error: unknown, source: TPostgresSource, timeout: SourceTimeout): unknown {
  const { code, message = '' } = error as { code?: string; message?: string };
  const field = statementField(source);
  if ((code === '57014' && /statement timeout/.test(message)) || message === 'Query read timeout') {
    return sourceTimeoutError(timeout, field, error);
  }
  if (code === '42601' && /multiple commands/.test(message)) {
    return new SourceReadError(
      'NOT_ONE_STATEMENT',
      field,
      'The query must be exactly one SELECT statement: remove the ";" and what follows it',
      error,
    );
  }
  if (code === '25006' || (code === '0A000' && /data-modifying/.test(message))) {
    return new SourceReadError(
      'WRITES_DATA',
      field,
      `The query would change data, and a source is only read (read-only transaction): ${message}`,
      error,
    );
  }
  return error;
}

/**
 * Opens a read of a PostgreSQL source: one connection, one READ ONLY transaction that is rolled
 * back at the end, and the source's statement as a cursor declared through the extended query
 * protocol, which takes exactly one statement: nothing follows the user's text, and what
 * precedes it (DECLARE) cannot be closed from inside it. Rows are fetched from the cursor (no
 * LIMIT or COUNT around the query), and each fetch runs under its own statement timeout.
 */
export async function openPostgresCursor(
  source: TPostgresSource,
  options: Pick<ReadOptions, 'timeout' | 'ownDatabase'> = {},
): Promise<SourceCursor & { countRest(): Promise<number> }> {
  const timeout = options.timeout ?? DEFAULT_SOURCE_TIMEOUT;
  if (options.ownDatabase) refuseOwnAddress(source, options.ownDatabase);
  const client = postgresClient(source, timeout);
  await client.connect();
  // Set again before each fetch: the query itself may call set_config('statement_timeout', …).
  const bounded = (statement: string) => `set local statement_timeout = ${timeout.seconds * 1_000}; ${statement}`;
  const run = async (statement: string): Promise<pg.QueryArrayResult> => {
    try {
      const results = (await client.query({
        text: bounded(statement),
        rowMode: 'array',
      })) as unknown as pg.QueryArrayResult[];
      return results[1]!;
    } catch (error) {
      throw explainRefusal(error, source, timeout);
    }
  };
  try {
    if (options.ownDatabase) await refuseOwnServer(client, options.ownDatabase);
    // A resumed job skips the rows it already produced by number, so a table must come back in
    // the same order: a synchronized scan could start mid-table behind another reader.
    await client.query('begin transaction read only; set local synchronize_seqscans = off');
    await client
      .query({
        text: `declare ${CURSOR} no scroll cursor for\n${sourceQuery(source)}`,
        queryMode: 'extended',
      } as pg.QueryConfig)
      .catch((error: unknown) => Promise.reject(explainRefusal(error, source, timeout)));
    const { fields } = await run(`fetch forward 0 from ${CURSOR}`);
    const names = uniqueColumnNames(fields.map((field) => field.name));
    const types = await client.query<{ oid: number; typname: string }>(
      'select oid, typname from pg_type where oid = any($1)',
      [fields.map((field) => field.dataTypeID)],
    );
    const typeNames = new Map(types.rows.map((row) => [row.oid, row.typname]));
    let rowNumber = 0;
    return {
      columns: fields.map((field, index) => ({
        name: names[index]!,
        type: typeNames.get(field.dataTypeID) ?? String(field.dataTypeID),
      })),
      async read(count) {
        const { rows } = await run(`fetch forward ${Math.max(1, Math.trunc(count))} from ${CURSOR}`);
        return {
          records: rows.map((values) => ({ rowNumber: ++rowNumber, values: rowObject(names, values) })),
          errors: [],
        };
      },
      async countRest() {
        return (await run(`move forward all in ${CURSOR}`)).rowCount ?? 0;
      },
      // Ending the connection rolls the transaction back: nothing the statement did is kept.
      close: () => client.end(),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** Streams a table or SELECT through a server-side cursor, one batch per fetch. */
export function streamPostgresRows(source: TPostgresSource, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  return batchesOf(() => openPostgresCursor(source, options), options.batchSize ?? DEFAULT_BATCH_SIZE, options.signal);
}

/** How many rows the source's statement gives, counted by the server (moving the cursor, no row sent). */
export async function countPostgresRows(source: TPostgresSource, options: ReadOptions = {}): Promise<number> {
  const cursor = await openPostgresCursor(source, options);
  try {
    return await cursor.countRest();
  } finally {
    await cursor.close();
  }
}
