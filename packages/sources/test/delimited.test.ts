import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZDelimitedSourceSchema } from '@tributary/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverColumns, SourceReadError, streamDelimitedRows, type RowBatch } from '../src/index.ts';

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

describe('delimited file columns and text', () => {
  async function discover(content: string | Buffer, options: object = {}) {
    const filePath = join(dir, `${randomUUID()}.csv`);
    await writeFile(filePath, content);
    return discoverColumns(fileSource(filePath, options));
  }

  it('names repeated and blank header cells apart, in discovery and in the rows alike', async () => {
    const text = 'id,name,name,,name_2\n1,first,second,third,fourth\n';
    const discovery = await discover(text);
    expect(discovery.columns.map((column) => column.name)).toEqual(['id', 'name', 'name_3', 'column_4', 'name_2']);
    const expected = { id: '1', name: 'first', name_3: 'second', column_4: 'third', name_2: 'fourth' };
    expect(discovery.sampleRows).toEqual([expected]);
    expect((await readAll(text)).records.map((record) => record.values)).toEqual([expected]);
  });

  it('discovers the columns of a file that has only its header row', async () => {
    const discovery = await discover('id,name\n');
    expect(discovery).toEqual({
      columns: [
        { name: 'id', type: 'text' },
        { name: 'name', type: 'text' },
      ],
      sampleRows: [],
    });
    expect((await readAll('id,name')).batches).toEqual([]);
  });

  it('makes a row with invalid UTF-8 an error naming its line and byte, and reads the others', async () => {
    const text = Buffer.concat([
      Buffer.from('id,name\n1,Zoë\n2,ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n3,"x\u00e9'),
      Buffer.from([0xc3]),
      Buffer.from('"\n4,ok\n'),
    ]);
    const { records, errors } = await readAll(text);
    expect(records.map((record) => record.values)).toEqual([
      { id: '1', name: 'Zoë' },
      { id: '4', name: 'ok' },
    ]);
    expect(errors).toEqual([
      {
        rowNumber: 3,
        sourceText: '2,ab\ufffd\ufffd',
        reason: 'Line 3, column "name" cannot be read as utf8: byte 0xFF at byte 2 is not valid UTF-8',
      },
      {
        rowNumber: 4,
        sourceText: '3,"xé\ufffd"',
        reason: 'Line 4, column "name" cannot be read as utf8: byte 0xC3 at byte 3 is not valid UTF-8',
      },
    ]);
  });

  it('makes a row with a NUL byte an error, and a byte past ASCII in an ascii file', async () => {
    const nul = await readAll(Buffer.from('id,name\n1,a\u0000b\n2,ok\n'));
    expect(nul.records.map((record) => record.values.id)).toEqual(['2']);
    expect(nul.errors).toEqual([
      {
        rowNumber: 2,
        sourceText: '1,a\u2400b',
        reason: 'Line 2, column "name" cannot be read as utf8: a NUL byte at byte 1: binary data is not text',
      },
    ]);
    const ascii = await readAll(Buffer.from('id,name\n1,caf\u00e9\n2,ok\n', 'latin1'), { encoding: 'ascii' });
    expect(ascii.records.map((record) => record.values.id)).toEqual(['2']);
    expect(ascii.errors[0]!.reason).toBe(
      'Line 2, column "name" cannot be read as ascii: byte 0xE9 at byte 3 is not ASCII',
    );
  });

  it('refuses a header row that is not text, naming the encoding field', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]);
    const refusal = await discover(png).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SourceReadError);
    expect(refusal).toMatchObject({
      field: 'source.encoding',
      message: expect.stringContaining('The header row (line 1) cannot be read as utf8'),
    });
  });

  it('reads UTF-16 files, and a byte order mark decides the encoding', async () => {
    const utf16 = Buffer.from('id;name\r\n1;Zoë\r\n', 'utf16le');
    const expected = [{ id: '1', name: 'Zoë' }];
    const bom = Buffer.from([0xff, 0xfe]);
    for (const [content, encoding] of [
      [utf16, 'utf16le'],
      [Buffer.concat([bom, utf16]), 'utf16le'],
      [Buffer.concat([bom, utf16]), 'utf8'],
    ] as const) {
      const { records, errors } = await readAll(content, { delimiter: ';', encoding });
      expect(errors).toEqual([]);
      expect(records.map((record) => record.values)).toEqual(expected);
    }
    const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"id","name"\n1,Zoë\n')]);
    expect((await readAll(utf8Bom)).records.map((record) => record.values)).toEqual(expected);
  });

  it('takes a delimiter beyond ASCII in the file’s own encoding', async () => {
    const text = 'id§name\n1§Zoë\n';
    expect((await readAll(Buffer.from(text), { delimiter: '§' })).records[0]!.values).toEqual({ id: '1', name: 'Zoë' });
    expect(
      (await readAll(Buffer.from(text, 'latin1'), { delimiter: '§', encoding: 'latin1' })).records[0]!.values,
    ).toEqual({
      id: '1',
      name: 'Zoë',
    });
  });
});
