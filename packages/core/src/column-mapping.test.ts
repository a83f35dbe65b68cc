import { describe, expect, it } from 'vitest';
import { COLUMN_MAPPING_MAX_ROWS, unknownSourceColumns, ZColumnMappingSchema } from './column-mapping.ts';
import { parseTargetPath } from './target-path.ts';
import { toFieldIssues } from './validation.ts';

const issues = (rows: Array<[string, string]>) => {
  const result = ZColumnMappingSchema.safeParse({
    rows: rows.map(([sourceColumn, targetColumn]) => ({ sourceColumn, targetColumn })),
  });
  return result.success ? [] : toFieldIssues(result.error).map((issue) => issue.message);
};

describe('target paths', () => {
  it('splits on dots and honours escapes', () => {
    expect(parseTargetPath('customer.name')).toEqual({ ok: true, path: ['customer', 'name'] });
    expect(parseTargetPath('price\\.eur')).toEqual({ ok: true, path: ['price.eur'] });
    expect(parseTargetPath('a\\\\.b')).toEqual({ ok: true, path: ['a\\', 'b'] });
    expect(parseTargetPath('a..b')).toMatchObject({ ok: false });
    expect(parseTargetPath('a\\b')).toEqual({ ok: false, problem: 'a backslash must be followed by "." or "\\"' });
  });
});

describe('column mapping validation', () => {
  it('accepts one source feeding several targets, and nested targets', () => {
    expect(
      issues([
        ['id', 'id'],
        ['id', 'legacyId'],
        ['name', 'customer.name'],
        ['email', 'customer.email'],
      ]),
    ).toEqual([]);
  });

  it('names the row for empty names, duplicates, bad paths and value/object conflicts', () => {
    expect(issues([['', 'x']])).toEqual(['Source Column is required']);
    expect(
      issues([
        ['a', 'id'],
        ['b', 'id'],
      ]),
    ).toEqual(['Row 2: Target Column "id" is already used by row 1']);
    expect(issues([['a', '.id']])).toEqual([
      'Row 1: Target Column ".id" has an empty part (check for a leading, trailing or doubled dot)',
    ]);
    expect(
      issues([
        ['a', 'customer'],
        ['b', 'customer.name'],
      ]),
    ).toEqual(['Row 2: "customer" is a value in row 1, so it cannot also hold "name"']);
    expect(ZColumnMappingSchema.safeParse({ rows: [] }).error?.issues[0]?.message).toBe(
      'Add at least one column mapping',
    );
  });

  it(`refuses more than ${COLUMN_MAPPING_MAX_ROWS} rows with one message, and checks ${COLUMN_MAPPING_MAX_ROWS}`, () => {
    const rows = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ sourceColumn: `c${i}`, targetColumn: `t${i}` }));
    const tooMany = ZColumnMappingSchema.safeParse({ rows: rows(20_000) });
    expect(toFieldIssues(tooMany.error!)).toEqual([
      { field: 'rows', message: `A column mapping may have at most ${COLUMN_MAPPING_MAX_ROWS} rows (found 20000)` },
    ]);
    expect(ZColumnMappingSchema.parse({ rows: rows(COLUMN_MAPPING_MAX_ROWS) }).rows).toHaveLength(
      COLUMN_MAPPING_MAX_ROWS,
    );
  });

  it('finds value/object conflicts whichever row comes first, one message per row', () => {
    expect(
      issues([
        ['a', 'customer.address.city'],
        ['b', 'customer.address'],
        ['c', 'customer'],
        ['d', 'other'],
      ]),
    ).toEqual([
      'Row 1: "customer" is a value in row 3, so it cannot also hold "address.city"',
      'Row 2: "customer" is a value in row 3, so it cannot also hold "address"',
    ]);
  });

  it('rejects NUL, unpaired surrogates and line breaks in column names, naming the field', () => {
    const result = ZColumnMappingSchema.safeParse({
      rows: [
        { sourceColumn: 'id\u0000', targetColumn: 'id' },
        { sourceColumn: 'name', targetColumn: 'na\ud800me' },
      ],
      keyColumn: 'i\nd',
    });
    expect(toFieldIssues(result.error!)).toEqual([
      {
        field: 'rows.0.sourceColumn',
        message: 'Source Column must not contain a NUL character (U+0000); found at character 3',
      },
      {
        field: 'rows.1.targetColumn',
        message:
          'Target Column must not contain an unpaired UTF-16 surrogate (U+D800), which is not valid Unicode; found at character 3',
      },
      {
        field: 'keyColumn',
        message:
          'Message key column must not contain a tab or line break (U+000A) since it is one line; found at character 2',
      },
    ]);
  });

  it('names source columns the source does not have, including the key', () => {
    const mapping = ZColumnMappingSchema.parse({
      rows: [
        { sourceColumn: 'id', targetColumn: 'id' },
        { sourceColumn: 'nmae', targetColumn: 'name' },
      ],
      keyColumn: 'uid',
    });
    expect(unknownSourceColumns(mapping, ['id', 'name'])).toEqual([
      { field: 'rows.1.sourceColumn', message: 'Row 2: the source has no column "nmae"' },
      { field: 'keyColumn', message: 'Message key: the source has no column "uid"' },
    ]);
  });
});
