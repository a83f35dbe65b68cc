import type { TSource } from '@tributary/core';
import { openSourceFile, type DbClient } from '@tributary/db';
import type { DiscoverableSource } from '@tributary/sources';

/** A source the readers can open: a delimited source reads its stored file from the database. */
export function readableSource(source: TSource, db: Pick<DbClient, 'sourceFileChunk'>): DiscoverableSource {
  if (source.type !== 'delimited-file') return source;
  return { ...source, openFile: () => openSourceFile(db, source.fileId) };
}
