import type { TSourceFileView } from '@tributary/core';
import { storeSourceFile, type DbClient } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { refuseBinaryContent } from './refuse-binary-content.ts';

export interface SourceFileServiceDeps {
  db: Pick<DbClient, 'sourceFile' | 'sourceFileChunk'>;
  /** TRIBUTARY_UPLOAD_MAX_BYTES: the largest file an upload may store. */
  maxBytes: number;
}

export type SourceFileService = ReturnType<typeof createSourceFileService>;

const MIB = 1024 * 1024;
const describeBytes = (bytes: number) =>
  bytes >= MIB ? `${bytes} bytes (${Number((bytes / MIB).toFixed(1))} MiB)` : `${bytes} bytes`;

export function createSourceFileService({ db, maxBytes }: SourceFileServiceDeps) {
  const tooLarge = (size: string) =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is ${size}; uploads may be at most ${describeBytes(maxBytes)} (TRIBUTARY_UPLOAD_MAX_BYTES)`,
      [{ field: 'file', message: `The file may be at most ${describeBytes(maxBytes)}` }],
    );

  /** Passes the upload through, failing as soon as it outgrows the limit, so no more is read or stored. */
  async function* withinLimit(content: AsyncIterable<Buffer | string>): AsyncIterable<Buffer | string> {
    let size = 0;
    for await (const piece of content) {
      size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
      if (size > maxBytes) throw tooLarge(`larger than ${describeBytes(maxBytes)}`);
      yield piece;
    }
  }

  return {
    /**
     * Streams the upload into the database; nothing touches the local disk. `declaredBytes` (the
     * Content-Length, when sent) refuses an oversized file before a byte of it is read; a failed
     * or oversized upload leaves nothing stored.
     */
    async upload(
      name: string,
      content: AsyncIterable<Buffer | string>,
      createdById: string,
      declaredBytes?: number,
    ): Promise<TSourceFileView> {
      if (declaredBytes !== undefined && declaredBytes > maxBytes) throw tooLarge(describeBytes(declaredBytes));
      const stored = await storeSourceFile(db, {
        name,
        content: refuseBinaryContent(name, withinLimit(content)),
        createdById,
      });
      if (stored.size === 0) {
        await db.sourceFile.delete({ where: { id: stored.id } });
        throw new AppError('VALIDATION_FAILED', 'The file is empty', [{ field: 'file', message: 'The file is empty' }]);
      }
      return { fileId: stored.id, name: stored.name, size: stored.size };
    },
  };
}
