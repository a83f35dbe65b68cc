/** A signature byte that may be anything (a bzip2 block size). */
const ANY = -1;

/** Signatures of files people upload by mistake instead of a delimited text file. */
const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], what: 'a GIF image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one: save it as CSV)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Office document (an Excel .xls workbook?)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x42, 0x5a, 0x68, ANY, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], what: 'a bzip2 archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable' },
  {
    bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00],
    what: 'an SQLite database',
  },
];

/** How much of a file's start is looked at. */
export const BINARY_SNIFF_BYTES = 1_024;

const startsWith = (head: Uint8Array, bytes: number[]) =>
  bytes.every((byte, index) => index < head.length && (byte === ANY || head[index] === byte));

/**
 * Whether UTF-16LE text could start like this: NUL bytes are its high bytes, but a NUL code unit
 * or a control character other than whitespace is not text. An unpaired surrogate is malformed
 * text, not binary data: the file is taken, and the rows that hold one are read as they are.
 */
function isPlausibleUtf16le(head: Uint8Array): boolean {
  const units = Math.floor(head.length / 2);
  for (let index = 0; index < units; index += 1) {
    const unit = head[2 * index]! | (head[2 * index + 1]! << 8);
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d && unit !== 0x0c) return false;
    if (unit === 0xfffe || unit === 0xffff) return false;
  }
  return true;
}

/**
 * Why a file that starts with these bytes is not delimited text in any encoding a source reads
 * (utf8, latin1, ascii, utf16le), or undefined when it may be text. Only the clear cases: a
 * known binary signature, or NUL bytes that are not the high bytes of UTF-16 text. What this
 * lets through is still checked row by row when the file is read.
 */
export function describeBinaryContent(head: Uint8Array): string | undefined {
  const signature = SIGNATURES.find((candidate) => startsWith(head, candidate.bytes));
  if (signature) return `it is ${signature.what}, not delimited text`;
  const firstNul = head.indexOf(0);
  if (firstNul < 0 || isPlausibleUtf16le(head)) return undefined;
  return `it holds a NUL byte at byte ${firstNul}, which no text encoding a source reads has: it is binary data, not delimited text`;
}
