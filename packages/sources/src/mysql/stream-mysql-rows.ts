import type { Readable } from 'node:stream';
import type { TMysqlSource } from '@tributary/core';
import mysql, { type FieldPacket, type TypeCast } from 'mysql2';
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

function mysqlConnection(source: TMysqlSource): mysql.Connection {
  const connection = mysql.createConnection({
    host: source.host,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password,
    ssl: source.useSsl ? { rejectUnauthorized: true } : undefined,
    connectTimeout: 10_000,
    timezone: 'Z',
    // One statement per call, and no server may ask this machine for a local file (LOAD DATA LOCAL).
    multipleStatements: false,
    flags: ['-MULTI_STATEMENTS', '-LOCAL_FILES'],
    typeCast,
  });
  // A dropped connection fails the next call; without a listener it would end the process.
  connection.on('error', () => undefined);
  return connection;
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

/** MariaDB's max_statement_time, MySQL's max_execution_time, and KILL QUERY: each ends a statement that ran too long. */
const TIMEOUT_ERRNOS = new Set([1969, 3024, 1317]);
const READ_ONLY_ERRNO = 1792;
const UNKNOWN_VARIABLE_ERRNO = 1193;
const DUPLICATE_COLUMN_ERRNO = 1060;
/** The client-side watchdog fires a moment after the server's own limit would have. */
const CLIENT_GRACE_MS = 1_000;

interface MysqlSession {
  connection: mysql.Connection;
  sql: string;
  /** Runs `work`; past the timeout the statement is killed on the server and the call fails with the timeout error. */
  bounded<T>(work: (onTimeout: (stop: () => void) => void) => Promise<T>): Promise<T>;
  close(): void;
}

function explainRefusal(error: unknown, source: TMysqlSource, timeout: SourceTimeout, hasTimedOut: boolean): unknown {
  const { errno, message = '' } = error as { errno?: number; message?: string };
  const field = statementField(source);
  if (hasTimedOut || (errno !== undefined && TIMEOUT_ERRNOS.has(errno)))
    return sourceTimeoutError(timeout, field, error);
  if (errno === READ_ONLY_ERRNO) {
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
 * A read of a MySQL/MariaDB source: one connection without multi-statements, a READ ONLY
 * transaction that is never committed, and the source's statement checked by preparing it alone.
 * A statement the server prepares with no result columns is a SELECT … INTO (a file on the
 * database host, or variables), which a read-only transaction does not stop: it is refused.
 * `isStatementBounded` also sets the server's own statement limit; a job's stream is bounded per
 * fetch instead, by a watchdog that kills the statement on the server.
 */
async function openMysqlSession(
  source: TMysqlSource,
  timeout: SourceTimeout,
  isStatementBounded: boolean,
): Promise<MysqlSession> {
  const connection = mysqlConnection(source);
  const db = connection.promise();
  let hasTimedOut = false;
  const killStatement = async () => {
    const killer = mysqlConnection(source);
    await killer
      .promise()
      .query(`kill query ${Number(connection.threadId)}`)
      .catch(() => undefined);
    killer.destroy();
  };
  const session: MysqlSession = {
    connection,
    sql: mysqlSourceQuery(source),
    async bounded(work) {
      let stop = () => undefined as void;
      const timer = setTimeout(
        () => {
          hasTimedOut = true;
          void killStatement();
          stop();
        },
        timeout.seconds * 1_000 + CLIENT_GRACE_MS,
      );
      try {
        return await work((onTimeout) => (stop = onTimeout));
      } catch (error) {
        throw explainRefusal(error, source, timeout, hasTimedOut);
      } finally {
        clearTimeout(timer);
      }
    },
    // end() never settles after a refused login; the transaction is rolled back with the connection.
    close: () => connection.destroy(),
  };
  try {
    await db.query('set session transaction read only');
    await db.query('start transaction read only');
    if (isStatementBounded) {
      await db.query(`set session max_statement_time = ${timeout.seconds}`).catch(async (error: { errno?: number }) => {
        if (error.errno !== UNKNOWN_VARIABLE_ERRNO) throw error;
        await db.query(`set session max_execution_time = ${timeout.seconds * 1_000}`);
      });
    }
    const columnCount = await session.bounded(
      () =>
        new Promise<number>((resolve, reject) =>
          connection.prepare(session.sql, (error, statement) => {
            if (error) return reject(error);
            const { columns } = statement as unknown as { columns: unknown[] };
            statement.close();
            resolve(columns.length);
          }),
        ),
    );
    if (columnCount === 0) {
      throw new SourceReadError(
        'NO_RESULT_ROWS',
        statementField(source),
        'The query returns no rows: SELECT … INTO (a file, a dump file or variables) is not allowed in a source',
      );
    }
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

async function openMysqlCursor(
  source: TMysqlSource,
  options: Pick<ReadOptions, 'timeout' | 'batchSize'>,
  isStatementBounded: boolean,
): Promise<SourceCursor> {
  const timeout = options.timeout ?? DEFAULT_SOURCE_TIMEOUT;
  const session = await openMysqlSession(source, timeout, isStatementBounded);
  try {
    const query = session.connection.query({ sql: session.sql, rowsAsArray: true });
    const rows: Readable = query.stream({ highWaterMark: options.batchSize ?? DEFAULT_BATCH_SIZE });
    // Errors reach the reader through the iterator; this only keeps an early one from ending the process.
    rows.on('error', () => undefined);
    const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<unknown[]>;
    const fields = await session.bounded(
      (onTimeout) =>
        new Promise<FieldPacket[]>((resolve, reject) => {
          onTimeout(() => reject(new Error('timed out')));
          query.once('fields', resolve);
          query.once('error', reject);
          query.once('end', () => resolve([]));
        }),
    );
    const names = uniqueColumnNames(fields.map((field) => field.name));
    let rowNumber = 0;
    return {
      columns: fields.map((field, index) => ({
        name: names[index]!,
        type: mysqlTypeName(field.columnType ?? field.type),
      })),
      read: (count) =>
        session.bounded(async (onTimeout) => {
          onTimeout(() => rows.destroy(new Error('timed out')));
          const batch: RowBatch = { records: [], errors: [] };
          while (batch.records.length < count) {
            const next = await iterator.next();
            if (next.done) break;
            batch.records.push({ rowNumber: ++rowNumber, values: rowObject(names, next.value) });
          }
          return batch;
        }),
      async close() {
        rows.destroy();
        session.close();
      },
    };
  } catch (error) {
    session.close();
    throw error;
  }
}

/** Streams a table or SELECT row by row from the server (no full result in memory), in batches. */
export function streamMysqlRows(source: TMysqlSource, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  return batchesOf(
    () => openMysqlCursor(source, options, false),
    options.batchSize ?? DEFAULT_BATCH_SIZE,
    options.signal,
  );
}

/** The first rows of a MySQL source, its statement bounded by the server as a whole. */
export function openMysqlSample(source: TMysqlSource, options: ReadOptions = {}): Promise<SourceCursor> {
  return openMysqlCursor(source, options, true);
}

/** The statement without the `;` that may end it (it parsed alone, so that `;` ends it). */
const withoutTerminator = (sql: string) => sql.replace(/[\s;]+$/, '');

/**
 * How many rows the source's statement gives. The statement is counted inside a derived table;
 * it was prepared alone first, so it is one complete statement that no text around it can change.
 * MySQL refuses a derived table with two columns of one name: those are counted as they stream.
 */
export async function countMysqlRows(source: TMysqlSource, options: ReadOptions = {}): Promise<number> {
  const timeout = options.timeout ?? DEFAULT_SOURCE_TIMEOUT;
  const session = await openMysqlSession(source, timeout, true);
  try {
    const [rows] = await session.bounded(() =>
      session.connection
        .promise()
        .query(`select count(*) as count from (\n${withoutTerminator(session.sql)}\n) as source`),
    );
    return Number((rows as Array<{ count: unknown }>)[0]?.count ?? 0);
  } catch (error) {
    if ((error as { errno?: number }).errno !== DUPLICATE_COLUMN_ERRNO) throw error;
  } finally {
    session.close();
  }
  let count = 0;
  for await (const batch of streamMysqlRows(source, { ...options, batchSize: DEFAULT_BATCH_SIZE })) {
    count += batch.records.length;
  }
  return count;
}
