import type { TJobError } from '@tributary/core';

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The errored rows as CSV: row number, reason, then one column per source column (from the first
 * page; a row the file could not parse has only its raw `text`).
 */
export async function* errorsCsv(pages: AsyncIterable<TJobError[]>): AsyncGenerator<string> {
  let columns: string[] | undefined;
  for await (const page of pages) {
    if (!columns) {
      columns = [...new Set(page.flatMap((error) => Object.keys(error.sourceValues)))];
      yield `${['row_number', 'reason', ...columns].map(csvField).join(',')}\r\n`;
    }
    const known = columns;
    yield page
      .map(
        (error) =>
          [error.rowNumber, error.reason, ...known.map((column) => error.sourceValues[column])]
            .map(csvField)
            .join(',') + '\r\n',
      )
      .join('');
  }
  if (!columns) yield 'row_number,reason\r\n';
}
