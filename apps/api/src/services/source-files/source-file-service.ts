import type { TSourceFileView } from '@tributary/core';
import { storeSourceFile, type DbClient } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { refuseBinaryContent } from './refuse-binary-content.ts';

export interface SourceFileServiceDeps {
  db: Pick<DbClient, 'sourceFile' | 'sourceFileChunk'>;
}

export type SourceFileService = ReturnType<typeof createSourceFileService>;

export function createSourceFileService({ db }: SourceFileServiceDeps) {
  return {
    /** Streams the upload into the database; nothing touches the local disk. */
    async upload(name: string, content: AsyncIterable<Buffer | string>, createdById: string): Promise<TSourceFileView> {
      const stored = await storeSourceFile(db, { name, content: refuseBinaryContent(name, content), createdById });
      if (stored.size === 0) {
        await db.sourceFile.delete({ where: { id: stored.id } });
        throw new AppError('VALIDATION_FAILED', 'The file is empty', [{ field: 'file', message: 'The file is empty' }]);
      }
      return { fileId: stored.id, name: stored.name, size: stored.size };
    },
  };
}
