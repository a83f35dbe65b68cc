import type { Readable } from 'node:stream';
import type { TDelimitedSource } from '@tributary/core';
import { parse, type CsvError } from 'csv-parse';
import { DEFAULT_BATCH_SIZE, type ReadOptions, type RowBatch, type SourceRowError } from '../row-batch.ts';

interface ParsedRow {
  record: Record<string, string> | string[];
  info: { lines: number };
  raw: string;
}

/** A delimited source with a way to read its stored file from the start (any number of times). */
export type DelimitedFileSource = TDelimitedSource & { openFile(): Readable };

/** Column names of a file without a header row: column_1, column_2, … */
export const positionalColumnName = (index: number) => `column_${index + 1}`;

/**
 * Streams a delimited file in batches; memory stays flat whatever the file size. A row that
 * cannot be parsed (bad quoting, wrong number of fields) becomes an error naming its line, and
 * reading goes on.
 */
export async function* streamDelimitedRows(
  source: DelimitedFileSource,
  options: ReadOptions = {},
): AsyncGenerator<RowBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const errors: SourceRowError[] = [];
  const parser = parse({
    delimiter: source.delimiter,
    quote: source.quote === '' ? false : source.quote,
    escape: source.escape === '' ? null : source.escape,
    columns: source.hasHeaderRow,
    from_line: source.skipLines + 1,
    encoding: source.encoding,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw?: string) => {
      if (!error) return;
      errors.push({
        rowNumber: Number(error.lines ?? 0),
        sourceText: (raw ?? '').replace(/\r?\n$/, ''),
        reason: error.message,
      });
    },
  });
  const file = source.openFile();
  file.on('error', (error) => parser.destroy(error));
  file.pipe(parser);
  const onAbort = () => parser.destroy(new Error('reading was cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let batch: RowBatch = { records: [], errors: [] };
  const takeErrors = () => batch.errors.push(...errors.splice(0));
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) {
      const values = Array.isArray(row.record)
        ? Object.fromEntries(row.record.map((value, index) => [positionalColumnName(index), value]))
        : row.record;
      batch.records.push({ rowNumber: row.info.lines, values });
      if (batch.records.length >= batchSize) {
        takeErrors();
        yield batch;
        batch = { records: [], errors: [] };
      }
    }
    takeErrors();
    if (batch.records.length > 0 || batch.errors.length > 0) yield batch;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    file.destroy();
    parser.destroy();
  }
}
