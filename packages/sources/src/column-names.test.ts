import { describe, expect, it } from 'vitest';
import { rowObject, uniqueColumnNames } from './column-names.ts';

describe('uniqueColumnNames', () => {
  it('keeps distinct names as they are', () => {
    expect(uniqueColumnNames(['id', 'name', 'Name'])).toEqual(['id', 'name', 'Name']);
  });

  it('numbers repeated names from _2, leaving the first as it is', () => {
    expect(uniqueColumnNames(['id', 'name', 'name', 'name'])).toEqual(['id', 'name', 'name_2', 'name_3']);
  });

  it('skips a suffix the source already uses for another column', () => {
    expect(uniqueColumnNames(['a', 'a', 'a_2'])).toEqual(['a', 'a_3', 'a_2']);
  });

  it('names a blank column by its position, and that name too stays unique', () => {
    expect(uniqueColumnNames(['id', '', '  ', 'column_2'])).toEqual(['id', 'column_2_2', 'column_3', 'column_2']);
  });

  it('builds a row under those names without losing a value', () => {
    const names = uniqueColumnNames(['a', 'a']);
    expect(rowObject(names, [1, 2])).toEqual({ a: 1, a_2: 2 });
  });
});
