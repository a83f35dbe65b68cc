export {
  positionalColumnName,
  streamDelimitedRows,
  type DelimitedFileSource,
} from './delimited/stream-delimited-rows.ts';
export { quoteTableName, sourceQuery, streamPostgresRows } from './postgres/stream-postgres-rows.ts';
export {
  DEFAULT_BATCH_SIZE,
  type ReadOptions,
  type RowBatch,
  type SourceRecord,
  type SourceRowError,
} from './row-batch.ts';
export { mysqlConnection, quoteMysqlTableName, streamMysqlRows } from './mysql/stream-mysql-rows.ts';
export {
  discoverColumns,
  type ColumnDiscovery,
  type DiscoverableSource,
  type DiscoveredColumn,
} from './discover-columns.ts';
export { streamSourceRows } from './stream-source-rows.ts';
export { countSourceRows } from './count-source-rows.ts';
