import { describe, expect, it } from 'vitest';
import { MAX_STORED_TEXT_CHARS, toStorableJson, toStorableText } from './storable-content.ts';

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
