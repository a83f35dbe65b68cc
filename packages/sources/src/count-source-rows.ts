import type { DiscoverableSource } from './discover-columns.ts';
import { countMysqlRows } from './mysql/stream-mysql-rows.ts';
import { countPostgresRows } from './postgres/stream-postgres-rows.ts';
import type { ReadOptions } from './row-batch.ts';

/**
 * How many rows a job will read, for its progress bar. Databases count exactly; a file counts
 * its lines (minus skipped lines and the header), so a quoted value spanning lines makes it an
 * estimate.
 */
export async function countSourceRows(source: DiscoverableSource, options: ReadOptions = {}): Promise<number> {
  switch (source.type) {
    case 'delimited-file': {
      let lines = 0;
      let last = 0x0a;
      for await (const chunk of source.openFile() as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 0x0a) lines += 1;
        if (chunk.length > 0) last = chunk[chunk.length - 1]!;
      }
      if (last !== 0x0a) lines += 1;
      return Math.max(0, lines - source.skipLines - (source.hasHeaderRow ? 1 : 0));
    }
    case 'postgresql':
      return countPostgresRows(source, options);
    case 'mysql':
      return countMysqlRows(source, options);
  }
}
