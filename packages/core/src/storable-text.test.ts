import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MAX_STORED_TEXT_CHARS,
  storableText,
  storableTextProblem,
  toStorableJson,
  toStorableText,
} from './storable-text.ts';
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

describe('toStorableText', () => {
  it('writes U+0000 and lone surrogates as JSON escapes and keeps surrogate pairs', () => {
    expect(toStorableText('a\u0000b')).toBe('a\\u0000b');
    expect(toStorableText('high \ud800 alone, low \udc00 alone')).toBe('high \\ud800 alone, low \\udc00 alone');
    expect(toStorableText('reversed \udc00\ud800')).toBe('reversed \\udc00\\ud800');
    expect(toStorableText('pair 😀 and ü')).toBe('pair 😀 and ü');
    expect(toStorableText('nothing to do')).toBe('nothing to do');
  });

  it('cuts a long text with its full length, escaping a pair the cut splits', () => {
    const text = `${'x'.repeat(MAX_STORED_TEXT_CHARS - 1)}😀tail`;
    expect(toStorableText(text)).toBe(`${'x'.repeat(MAX_STORED_TEXT_CHARS - 1)}\\ud83d… (65,541 characters in all)`);
  });
});

describe('toStorableJson', () => {
  it('makes every string and key storable, and keeps numbers JSON cannot hold as text', () => {
    expect(
      toStorableJson({
        'col\u0000': ['a\u0000', { nested: 'b\udfff' }],
        big: 12345678901234567890n,
        ratio: Number.NaN,
        limit: Number.POSITIVE_INFINITY,
        at: new Date('2026-11-25T05:00:00Z'),
        isOk: true,
        none: null,
      }),
    ).toEqual({
      'col\\u0000': ['a\\u0000', { nested: 'b\\udfff' }],
      big: '12345678901234567890',
      ratio: 'NaN',
      limit: 'Infinity',
      at: '2026-11-25T05:00:00.000Z',
      isOk: true,
      none: null,
    });
  });
});
