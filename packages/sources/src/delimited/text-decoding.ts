import { isUtf8 } from 'node:buffer';
import type { TDelimitedSource } from '@tributary/core';

export type FileEncoding = TDelimitedSource['encoding'];

/** Offset of the first byte that does not belong to well-formed UTF-8, or -1 when all do. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

/** Index of the first UTF-16 code unit that is half a surrogate pair, or -1. */
export function loneSurrogateIndex(text: string): number {
  const match = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  return match ? match.index : -1;
}

/** A row's text as it can be stored and shown: NUL bytes and broken surrogates made visible. */
export function printableText(text: string): string {
  return text
    .replaceAll('\u0000', '\u2400')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Why a value's bytes are not text in the file's encoding, naming the byte offset in the value,
 * or undefined when they are. `value` is as parsed: latin1 keeps one character per byte for the
 * byte-oriented encodings; UTF-16 values arrive decoded, two bytes per code unit.
 */
export function undecodableReason(value: string, encoding: FileEncoding): string | undefined {
  const nul = value.indexOf('\u0000');
  if (encoding === 'utf16le') {
    if (nul >= 0) return `a NUL character at byte ${nul * 2}: binary data is not text`;
    const lone = loneSurrogateIndex(value);
    return lone >= 0 ? `an unpaired UTF-16 surrogate at byte ${lone * 2} cannot be decoded` : undefined;
  }
  if (nul >= 0) return `a NUL byte at byte ${nul}: binary data is not text`;
  if (encoding === 'latin1' || !/[\u0080-\u00ff]/.test(value)) return undefined;
  if (encoding === 'ascii') {
    const offset = value.search(/[\u0080-\u00ff]/);
    return `byte ${hex(value.charCodeAt(offset))} at byte ${offset} is not ASCII`;
  }
  const offset = invalidUtf8Offset(Buffer.from(value, 'latin1'));
  return offset < 0 ? undefined : `byte ${hex(value.charCodeAt(offset))} at byte ${offset} is not valid UTF-8`;
}
