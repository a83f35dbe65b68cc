import { describe, expect, it } from 'vitest';
import { unknownSourceColumns, ZColumnMappingSchema } from './column-mapping.ts';
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
