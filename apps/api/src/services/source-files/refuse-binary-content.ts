import { BINARY_SNIFF_BYTES, describeBinaryContent } from '@tributary/sources';
import { AppError } from '../../app-error.ts';

/**
 * The upload as it streams in, refused before anything is stored when its first bytes are clearly
 * not delimited text (an image, an archive, NUL bytes no text encoding has). The encoding is only
 * chosen later, on the sync, so only what is binary under every encoding a source reads is refused
 * here; the rest is checked row by row when the file is read.
 */
export async function* refuseBinaryContent(
  name: string,
  content: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let isChecked = false;
  const checkedHead = () => {
    isChecked = true;
    const reason = describeBinaryContent(Buffer.concat(head).subarray(0, BINARY_SNIFF_BYTES));
    if (!reason) return head.splice(0);
    const message = `"${name}" cannot be used as a source file: ${reason}`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
  };
  for await (const piece of content) {
    const buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (isChecked) {
      yield buffer;
      continue;
    }
    head.push(buffer);
    headBytes += buffer.length;
    if (headBytes >= BINARY_SNIFF_BYTES) yield* checkedHead();
  }
  if (!isChecked) yield* checkedHead();
}
