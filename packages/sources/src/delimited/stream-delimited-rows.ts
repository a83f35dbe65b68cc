import { Readable } from 'node:stream';
import type { TDelimitedSource } from '@tributary/core';
import { parse, type CsvError } from 'csv-parse';
import { positionalColumnName, rowObject, uniqueColumnNames } from '../column-names.ts';
import { DEFAULT_BATCH_SIZE, type ReadOptions, type RowBatch, type SourceRowError } from '../row-batch.ts';
import { batchesOf, type SourceCursor } from '../source-cursor.ts';
import { SourceReadError } from '../source-read-error.ts';
import { printableText, undecodableReason, type FileEncoding } from './text-decoding.ts';

interface ParsedRow {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** A delimited source with a way to read its stored file from the start (any number of times). */
export type DelimitedFileSource = TDelimitedSource & { openFile(): Readable };

const BOMS: Array<{ bytes: Buffer; encoding: FileEncoding }> = [
  { bytes: Buffer.from([0xef, 0xbb, 0xbf]), encoding: 'utf8' },
  { bytes: Buffer.from([0xff, 0xfe]), encoding: 'utf16le' },
];

/**
 * The file without its byte order mark, and the encoding to read it in: a BOM says which
 * Unicode encoding the file is in, whatever the source's setting.
 */
async function withoutBom(
  file: Readable,
  encoding: FileEncoding,
): Promise<{ content: Readable; encoding: FileEncoding }> {
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 3) {
    const next = await chunks.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const bom = BOMS.find((candidate) => head.subarray(0, candidate.bytes.length).equals(candidate.bytes));
  const rest = bom ? head.subarray(bom.bytes.length) : head;
  async function* content() {
    if (rest.length > 0) yield rest;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return { content: Readable.from(content(), { objectMode: false }), encoding: bom?.encoding ?? encoding };
}

/**
 * A utf8, latin1 or ascii file is parsed as latin1, one character per byte, so that every row's
 * bytes can be checked before they are decoded: an undecodable byte makes that row an error, not
 * a U+FFFD in a value. Delimiter, quote and escape are given as the file's own bytes.
 */
const parsedAs = (encoding: FileEncoding) => (encoding === 'utf16le' ? 'utf16le' : 'latin1');
const fileBytes = (text: string, encoding: FileEncoding) =>
  encoding === 'utf16le' ? text : Buffer.from(text, encoding === 'utf8' ? 'utf8' : 'latin1');
const decoded = (text: string, encoding: FileEncoding) =>
  encoding === 'utf8' && /[\u0080-\u00ff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;

/** A row's text to show with its error: csv-parse's raw text, without the line breaks it may carry. */
const rowText = (raw: string) => raw.replace(/^[\r\n]+|[\r\n]+$/g, '');

/**
 * Opens a read of a delimited file. Columns come from the header row (named apart where blank or
 * repeated) or, without one, from the first row's width; a file with only a header still has its
 * columns. A row that cannot be parsed (bad quoting, wrong number of fields) or decoded (bytes
 * that are not text in the file's encoding) becomes an error naming its line, and reading goes on.
 */
export async function openDelimitedCursor(
  source: DelimitedFileSource,
  options: ReadOptions = {},
): Promise<SourceCursor> {
  const file = source.openFile();
  const { content, encoding } = await withoutBom(file, source.encoding);
  const errors: SourceRowError[] = [];
  const parser = parse({
    delimiter: fileBytes(source.delimiter, encoding),
    quote: source.quote === '' ? false : fileBytes(source.quote, encoding),
    escape: source.escape === '' ? null : fileBytes(source.escape, encoding),
    columns: false,
    from_line: source.skipLines + 1,
    encoding: parsedAs(encoding),
    bom: false,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw?: string) => {
      if (!error) return;
      errors.push({
        rowNumber: Number(error.lines ?? 0),
        sourceText: printableText(decoded(rowText(raw ?? ''), encoding)),
        reason: decoded(error.message, encoding),
      });
    },
  });
  content.on('error', (error) => parser.destroy(error));
  content.pipe(parser);
  const onAbort = () => parser.destroy(new Error('reading was cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedRow>;
  const close = async () => {
    options.signal?.removeEventListener('abort', onAbort);
    content.destroy();
    file.destroy();
    parser.destroy();
  };

  // Most values are plain ASCII: only those with a NUL or a byte past ASCII (a surrogate in UTF-16)
  // are looked at closely and decoded.
  const pastAscii = encoding === 'utf16le' ? /[\ud800-\udfff]/ : /[\u0080-\u00ff]/;
  const needsDecoding = (value: string) => pastAscii.test(value) || value.includes('\u0000');
  /** The next row that parses: its values decoded, or the first value whose bytes are not text. */
  const nextRow = async () => {
    const next = await rows.next();
    if (next.done) return undefined;
    const { record: values, info, raw } = next.value;
    let problem: { index: number; reason: string } | undefined;
    for (let index = 0; index < values.length && !problem; index += 1) {
      const value = values[index]!;
      if (!needsDecoding(value)) continue;
      const reason = undecodableReason(value, encoding);
      if (reason) problem = { index, reason };
      else values[index] = decoded(value, encoding);
    }
    return { line: info.lines, raw, problem, values };
  };

  try {
    const first = await nextRow();
    if (first?.problem && source.hasHeaderRow) {
      throw new SourceReadError(
        'UNREADABLE_HEADER',
        'source.encoding',
        `The header row (line ${first.line}) cannot be read as ${encoding}: in its field ${first.problem.index + 1}, ${first.problem.reason}. Check the file and its Encoding`,
      );
    }
    const width = first?.values.length ?? 0;
    const names = source.hasHeaderRow
      ? uniqueColumnNames(first?.values ?? [])
      : Array.from({ length: width }, (_, index) => positionalColumnName(index));
    let pending = source.hasHeaderRow ? undefined : first;
    return {
      columns: names.map((name) => ({ name, type: 'text' })),
      async read(count) {
        const batch: RowBatch = { records: [], errors: [] };
        while (batch.records.length + batch.errors.length < count) {
          const row = pending ?? (await nextRow());
          pending = undefined;
          batch.errors.push(...errors.splice(0));
          if (!row) break;
          if (row.problem) {
            batch.errors.push({
              rowNumber: row.line,
              sourceText: printableText(decoded(rowText(row.raw), encoding)),
              reason: `Line ${row.line}, column "${names[row.problem.index] ?? positionalColumnName(row.problem.index)}" cannot be read as ${encoding}: ${row.problem.reason}`,
            });
          } else {
            batch.records.push({ rowNumber: row.line, values: rowObject(names, row.values) });
          }
        }
        return batch;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Streams a delimited file in batches; memory stays flat whatever the file size. */
export function streamDelimitedRows(source: DelimitedFileSource, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  return batchesOf(() => openDelimitedCursor(source, options), options.batchSize ?? DEFAULT_BATCH_SIZE, options.signal);
}
