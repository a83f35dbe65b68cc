import type { RowBatch } from './row-batch.ts';

export interface DiscoveredColumn {
  /** The name rows carry the column's value under (see `uniqueColumnNames`). */
  name: string;
  /** The source's own type name (`int8`, `VARCHAR`, `text` for files). */
  type: string;
}

/**
 * One open read of a source: its columns are known once it is open, rows come in order on each
 * `read`, and `close` ends the read (a database read's transaction is rolled back, never committed).
 */
export interface SourceCursor {
  columns: DiscoveredColumn[];
  /** Up to `count` more rows (and the row errors among them); none at all once the source is read. */
  read(count: number): Promise<RowBatch>;
  close(): Promise<void>;
}

/**
 * A cursor's rows in batches until it is read, closing it however the caller stops. A cancelled
 * read throws rather than ending quietly, so no consumer can take it for the end of the data.
 */
export async function* batchesOf(
  open: () => Promise<SourceCursor>,
  batchSize: number,
  signal?: AbortSignal,
): AsyncGenerator<RowBatch> {
  const cursor = await open();
  try {
    for (;;) {
      if (signal?.aborted) throw new Error('reading was cancelled');
      const batch = await cursor.read(batchSize);
      if (batch.records.length === 0 && batch.errors.length === 0) return;
      yield batch;
    }
  } finally {
    await cursor.close();
  }
}
