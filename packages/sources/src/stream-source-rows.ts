import { streamDelimitedRows } from './delimited/stream-delimited-rows.ts';
import type { DiscoverableSource } from './discover-columns.ts';
import { streamMysqlRows } from './mysql/stream-mysql-rows.ts';
import { streamPostgresRows } from './postgres/stream-postgres-rows.ts';
import type { ReadOptions, RowBatch } from './row-batch.ts';

/** Any source's rows in batches, in the same order on every read (jobs resume by row number). */
export function streamSourceRows(source: DiscoverableSource, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  switch (source.type) {
    case 'delimited-file':
      return streamDelimitedRows(source, options);
    case 'postgresql':
      return streamPostgresRows(source, options);
    case 'mysql':
      return streamMysqlRows(source, options);
  }
}
