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
}

export const DEFAULT_BATCH_SIZE = 1_000;
