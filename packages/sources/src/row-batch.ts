import type { PostgresDatabaseIdentity } from './postgres/own-database.ts';
import type { SourceTimeout } from './source-read-error.ts';

export interface SourceRecord {
  /** Where the row is in the source: the file's line number, or the row's position in the result. */
  rowNumber: number;
  values: Record<string, unknown>;
}

/** A row the source itself could not read; the job records it and goes on. */
export interface SourceRowError {
  rowNumber: number;
  /** The raw text of the row, when the source has one. */
  sourceText: string;
  reason: string;
}

export interface RowBatch {
  records: SourceRecord[];
  errors: SourceRowError[];
}

export interface ReadOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /**
   * Bounds every statement of a database read; a stream's rows are bounded per fetch, not as a
   * whole. `DEFAULT_SOURCE_TIMEOUT` when not given.
   */
  timeout?: SourceTimeout;
  /** Tributary's own database: a PostgreSQL source that is this database is refused. */
  ownDatabase?: PostgresDatabaseIdentity;
}

export const DEFAULT_BATCH_SIZE = 1_000;
