import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { storableText, storableTextProblem } from './storable-text.ts';
import { toFieldIssues } from './validation.ts';

describe('storableTextProblem', () => {
  it.each([
    ['Zoë Ågren', 'line'],
    ['emoji 👩🏽‍💻 in a name', 'line'],
    ['two\nlines\twith tab\r\n', 'text'],
    ['p\u0001ss\u007fword\t', 'raw'],
    ['\u001f', 'raw'],
  ] as const)('accepts %j as %s', (value, kind) => {
    expect(storableTextProblem(value, kind)).toBeUndefined();
  });

  it.each([
    ['a\u0000b', 'raw', 'must not contain a NUL character (U+0000); found at character 2'],
    [
      'ab\ud800',
      'line',
      'must not contain an unpaired UTF-16 surrogate (U+D800), which is not valid Unicode; found at character 3',
    ],
    [
      '\udc00x',
      'raw',
      'must not contain an unpaired UTF-16 surrogate (U+DC00), which is not valid Unicode; found at character 1',
    ],
    [
      '\ude00\ud83d',
      'text',
      'must not contain an unpaired UTF-16 surrogate (U+DE00), which is not valid Unicode; found at character 1',
    ],
    ['one\ntwo', 'line', 'must not contain a tab or line break (U+000A) since it is one line; found at character 4'],
    ['bell\u0007', 'text', 'must not contain the control character U+0007; found at character 5'],
    ['c1\u0085', 'line', 'must not contain the control character U+0085; found at character 3'],
  ] as const)('rejects %j as %s', (value, kind, problem) => {
    expect(storableTextProblem(value, kind)).toBe(problem);
  });

  it('checks a long string in one pass', () => {
    const long = `${'x'.repeat(1_000_000)}\ud800`;
    expect(storableTextProblem(long)).toMatch(/found at character 1000001$/);
  });
});

describe('storableText', () => {
  it('names the field and the problem in the zod issue', () => {
    const schema = z.object({ name: z.string().trim().superRefine(storableText('Name')) });
    const result = schema.safeParse({ name: ' a\u0000 ' });
    expect(toFieldIssues(result.error!)).toEqual([
      { field: 'name', message: 'Name must not contain a NUL character (U+0000); found at character 2' },
    ]);
    expect(schema.parse({ name: ' ok ' })).toEqual({ name: 'ok' });
  });
});
