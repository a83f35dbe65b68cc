import { Readable } from 'node:stream';
import type { DbClient } from './client.ts';

/** About 1 MiB a row: few round trips, and neither the writer nor a reader holds more than one. */
export const SOURCE_FILE_CHUNK_BYTES = 1024 * 1024;

type SourceFileDb = Pick<DbClient, 'sourceFile' | 'sourceFileChunk'>;

export interface StoredSourceFile {
  id: string;
  name: string;
  size: number;
}

/**
 * Writes an uploaded file into PostgreSQL while it streams in, so every worker can read it and
 * it survives restarts. A failed upload leaves nothing behind.
 */
export async function storeSourceFile(
  db: SourceFileDb,
  input: { name: string; content: AsyncIterable<Buffer | string>; createdById?: string | null },
): Promise<StoredSourceFile> {
  const file = await db.sourceFile.create({
    data: { name: input.name, size: 0, createdById: input.createdById ?? null },
  });
  let size = 0;
  let position = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.sourceFileChunk.create({ data: { fileId: file.id, position: position++, data } });
  };
  try {
    for await (const piece of input.content) {
      let buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
      size += buffer.length;
      while (buffer.length > 0) {
        const room = SOURCE_FILE_CHUNK_BYTES - pendingBytes;
        pending.push(buffer.subarray(0, room));
        pendingBytes += Math.min(room, buffer.length);
        buffer = buffer.subarray(room);
        if (pendingBytes >= SOURCE_FILE_CHUNK_BYTES) await flush();
      }
    }
    await flush();
    await db.sourceFile.update({ where: { id: file.id }, data: { size } });
  } catch (error) {
    await db.sourceFile.delete({ where: { id: file.id } }).catch(() => undefined);
    throw error;
  }
  return { id: file.id, name: file.name, size };
}

export async function findSourceFile(db: Pick<DbClient, 'sourceFile'>, id: string): Promise<StoredSourceFile | null> {
  const file = await db.sourceFile.findUnique({ where: { id } });
  return file && { id: file.id, name: file.name, size: Number(file.size) };
}

/** The stored file from its first byte, one chunk read from the database at a time. */
export function openSourceFile(db: Pick<DbClient, 'sourceFileChunk'>, id: string): Readable {
  let position = 0;
  return new Readable({
    read() {
      db.sourceFileChunk
        .findUnique({ where: { fileId_position: { fileId: id, position } }, select: { data: true } })
        .then(
          (chunk) => {
            position += 1;
            this.push(chunk ? Buffer.from(chunk.data) : null);
          },
          (error: unknown) => this.destroy(error as Error),
        );
    },
  });
}

/**
 * Deletes uploads that no data sync's source names and that are older than `uploadedBefore`
 * (a fresh upload is not yet saved with its sync). Their chunks go with them (ON DELETE CASCADE).
 * Returns how many files were deleted.
 */
export async function deleteUnusedSourceFiles(
  db: Pick<DbClient, '$executeRaw'>,
  uploadedBefore: Date,
): Promise<number> {
  return db.$executeRaw`
    delete from source_files f
    where f.created_at < ${uploadedBefore}
      and not exists (select 1 from syncs s where s.source_config ->> 'fileId' = f.id::text)`;
}
