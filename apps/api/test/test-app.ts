import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@tributary/db/testing';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startTributary } from '../src/runtime.ts';

export interface TestApp {
  app: FastifyInstance;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The whole API (real PostgreSQL copy, real queue) for `app.inject`, with its own database and data folder. */
export async function startTestApp(): Promise<TestApp> {
  const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
  const database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-api-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    TRIBUTARY_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const running = await startTributary({ ...config, port: 0 }, createLogger('silent'));
  return {
    app: running.app!,
    databaseUrl: database.url,
    close: async () => {
      await running.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
