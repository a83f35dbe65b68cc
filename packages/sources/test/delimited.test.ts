import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZDelimitedSourceSchema } from '@tributary/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverColumns, streamDelimitedRows, type RowBatch } from '../src/index.ts';

/** A delimited source reading a local file (the app reads stored files from the database). */
const fileSource = (filePath: string, options: object = {}) => ({
  ...ZDelimitedSourceSchema.parse({ type: 'delimited-file', fileId: randomUUID(), ...options }),
  openFile: () => createReadStream(filePath),
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-csv-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readAll(text: string | Buffer, options: object = {}, batchSize = 1_000) {
  const filePath = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(filePath, text);
  const batches: RowBatch[] = [];
  for await (const batch of streamDelimitedRows(fileSource(filePath, options), { batchSize })) batches.push(batch);
  return {
    batches,
    records: batches.flatMap((batch) => batch.records),
    errors: batches.flatMap((batch) => batch.errors),
  };
}

describe('delimited file source', () => {
  it('streams 10,000 rows in batches with their line numbers', async () => {
    const lines = ['id,name', ...Array.from({ length: 10_000 }, (_, i) => `${i + 1},name ${i + 1}`)];
    const { batches, records } = await readAll(lines.join('\n'), {}, 3_000);
    expect(batches.map((batch) => batch.records.length)).toEqual([3_000, 3_000, 3_000, 1_000]);
    expect(records[0]).toEqual({ rowNumber: 2, values: { id: '1', name: 'name 1' } });
    expect(records.at(-1)).toEqual({ rowNumber: 10_001, values: { id: '10000', name: 'name 10000' } });
  });

  it('honours delimiter, quote, escape, skipped lines, no header row and encoding', async () => {
    const text = Buffer.from('exported by tool\r\n1;"Müller; Anna";\'x\'\r\n2;"say ""hi""";y\r\n', 'latin1');
    const { records } = await readAll(text, { delimiter: ';', hasHeaderRow: false, skipLines: 1, encoding: 'latin1' });
    expect(records).toEqual([
      { rowNumber: 2, values: { column_1: '1', column_2: 'Müller; Anna', column_3: "'x'" } },
      { rowNumber: 3, values: { column_1: '2', column_2: 'say "hi"', column_3: 'y' } },
    ]);
  });

  it('records an unparseable line with its number and text, and reads on', async () => {
    const { records, errors } = await readAll('id,name\n1,ok\n2,too,many\n3,"unclosed\n');
    expect(records.map((record) => record.values.id)).toEqual(['1']);
    expect(errors[0]).toMatchObject({
      rowNumber: 3,
      sourceText: '2,too,many',
      reason: expect.stringContaining('Invalid Record Length'),
    });
    expect(errors).toHaveLength(2);
  });

  it('stops when cancelled', async () => {
    const filePath = join(dir, 'big.csv');
    await writeFile(filePath, ['id', ...Array.from({ length: 50_000 }, (_, i) => String(i))].join('\n'));
    const controller = new AbortController();
    let read = 0;
    await expect(
      (async () => {
        for await (const batch of streamDelimitedRows(fileSource(filePath), {
          batchSize: 100,
          signal: controller.signal,
        })) {
          read += batch.records.length;
          if (read >= 500) controller.abort();
        }
      })(),
    ).rejects.toThrow('reading was cancelled');
    expect(read).toBeLessThan(50_000);
  });

  it('discovers the header columns and the first rows', async () => {
    const filePath = join(dir, 'discover.csv');
    await writeFile(filePath, 'id,name\n1,a\n2,b\n3,c\n');
    const discovery = await discoverColumns(fileSource(filePath), 2);
    expect(discovery).toEqual({
      columns: [
        { name: 'id', type: 'text' },
        { name: 'name', type: 'text' },
      ],
      sampleRows: [
        { id: '1', name: 'a' },
        { id: '2', name: 'b' },
      ],
    });
  });
});
