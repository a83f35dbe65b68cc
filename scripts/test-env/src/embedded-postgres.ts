import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres as startServer } from '@tributary/db';
import type { ResolvedPostgres } from './postgres.ts';

/** A throw-away embedded PostgreSQL for machines with no server and no Docker. */
export async function startEmbeddedPostgres(): Promise<ResolvedPostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-test-pg-'));
  const server = await startServer({ dataDir });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      // Started as root from a private clone, the cluster lives outside the data folder.
      await rm(server.clusterDir, { recursive: true, force: true });
    },
  };
}
