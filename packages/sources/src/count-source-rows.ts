import type { DiscoverableSource } from './discover-columns.ts';
import { mysqlConnection, mysqlSourceQuery } from './mysql/stream-mysql-rows.ts';
import { postgresClient, sourceQuery } from './postgres/stream-postgres-rows.ts';

/**
 * How many rows a job will read, for its progress bar. Databases count exactly; a file counts
 * its lines (minus skipped lines and the header), so a quoted value spanning lines makes it an
 * estimate.
 */
export async function countSourceRows(source: DiscoverableSource): Promise<number> {
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
    case 'postgresql': {
      const client = postgresClient(source);
      await client.connect();
      try {
        const result = await client.query<{ count: string }>(
          `select count(*)::text as count from (${sourceQuery(source)}) as source`,
        );
        return Number(result.rows[0]?.count ?? 0);
      } finally {
        await client.end();
      }
    }
    case 'mysql': {
      const connection = mysqlConnection(source).promise();
      try {
        const sql = mysqlSourceQuery(source);
        const [rows] = await connection.query(`select count(*) as count from (${sql}) as source`);
        return Number((rows as Array<{ count: unknown }>)[0]?.count ?? 0);
      } finally {
        // end() never settles after a refused login; nothing is left to flush on a read.
        connection.destroy();
      }
    }
  }
}
