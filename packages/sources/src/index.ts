export { positionalColumnName, uniqueColumnNames } from './column-names.ts';
export { streamDelimitedRows, type DelimitedFileSource } from './delimited/stream-delimited-rows.ts';
export { BINARY_SNIFF_BYTES, describeBinaryContent } from './delimited/binary-content.ts';
export { streamPostgresRows } from './postgres/stream-postgres-rows.ts';
export { identifyPostgresDatabase, type PostgresDatabaseIdentity } from './postgres/own-database.ts';
export { streamMysqlRows } from './mysql/stream-mysql-rows.ts';
export {
  DEFAULT_BATCH_SIZE,
  type ReadOptions,
  type RowBatch,
  type SourceRecord,
  type SourceRowError,
} from './row-batch.ts';
export { DEFAULT_SOURCE_TIMEOUT, SourceReadError, type SourceTimeout } from './source-read-error.ts';
export type { DiscoveredColumn } from './source-cursor.ts';
export { discoverColumns, type ColumnDiscovery, type DiscoverableSource } from './discover-columns.ts';
export { streamSourceRows } from './stream-source-rows.ts';
export { countSourceRows } from './count-source-rows.ts';
