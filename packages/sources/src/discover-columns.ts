import type { TMysqlSource, TPostgresSource } from '@tributary/core';
import { openDelimitedCursor, type DelimitedFileSource } from './delimited/stream-delimited-rows.ts';
import { openMysqlSample } from './mysql/stream-mysql-rows.ts';
import { openPostgresCursor } from './postgres/stream-postgres-rows.ts';
import type { ReadOptions } from './row-batch.ts';
import type { DiscoveredColumn, SourceCursor } from './source-cursor.ts';

export interface ColumnDiscovery {
  /** Named as the job's rows name them. */
  columns: DiscoveredColumn[];
  /** The first rows, as the job would read them. */
  sampleRows: Array<Record<string, unknown>>;
}

export type DiscoverableSource = DelimitedFileSource | TPostgresSource | TMysqlSource;

const SAMPLE_SIZE = 10;

function openCursor(source: DiscoverableSource, options: ReadOptions): Promise<SourceCursor> {
  switch (source.type) {
    case 'delimited-file':
      return openDelimitedCursor(source, options);
    case 'postgresql':
      return openPostgresCursor(source, options);
    case 'mysql':
      return openMysqlSample(source, options);
  }
}

/**
 * Column names and types of a source plus its first rows, for the Column Mapping tab and its
 * checks; read by the same cursor as a job's rows, so both name the columns alike.
 */
export async function discoverColumns(
  source: DiscoverableSource,
  sampleSize = SAMPLE_SIZE,
  options: Omit<ReadOptions, 'batchSize'> = {},
): Promise<ColumnDiscovery> {
  const cursor = await openCursor(source, { ...options, batchSize: sampleSize });
  try {
    const { records } = await cursor.read(sampleSize);
    return { columns: cursor.columns, sampleRows: records.map((record) => record.values) };
  } finally {
    await cursor.close();
  }
}
