import { describe, expect, it } from 'vitest';
import { describeBinaryContent } from './binary-content.ts';

describe('describeBinaryContent', () => {
  it('names known binary formats by their signature', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(describeBinaryContent(png)).toBe('it is a PNG image, not delimited text');
    expect(describeBinaryContent(Buffer.from('504b0304140006000800', 'hex'))).toContain('a ZIP archive');
    expect(describeBinaryContent(Buffer.from('%PDF-1.7\n'))).toContain('a PDF document');
  });

  it('refuses NUL bytes that cannot be UTF-16 text', () => {
    const bytes = Buffer.from('id,name\n1,a\u0000\u0000\u0000b\n');
    expect(describeBinaryContent(bytes)).toBe(
      'it holds a NUL byte at byte 11, which no text encoding a source reads has: it is binary data, not delimited text',
    );
    const random = Buffer.from(Array.from({ length: 1_024 }, (_, index) => (index * 7919 + 13) % 256));
    expect(describeBinaryContent(random)).toBeDefined();
  });

  it('lets text through in every encoding a source reads, UTF-16 with its NUL high bytes included', () => {
    const text = 'id;name;city\r\n1;Zoë;Zürich\r\n2;李;東京 🌊\r\n';
    expect(describeBinaryContent(Buffer.from(text))).toBeUndefined();
    expect(describeBinaryContent(Buffer.from(text, 'latin1'))).toBeUndefined();
    expect(describeBinaryContent(Buffer.from(text, 'utf16le'))).toBeUndefined();
    expect(
      describeBinaryContent(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    ).toBeUndefined();
    // Cut in the middle of a surrogate pair, as the first KiB may be.
    expect(describeBinaryContent(Buffer.from('ab🌊', 'utf16le').subarray(0, 6))).toBeUndefined();
    expect(describeBinaryContent(Buffer.from('not valid utf8 \xff but maybe latin1', 'latin1'))).toBeUndefined();
  });
});
