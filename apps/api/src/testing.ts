import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@tributary/db/testing';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startTributary } from './runtime.ts';

export interface TestServer {
  app: FastifyInstance;
  /**
   * `app.inject` as the test's signed-in user. Tests call the API through this, never through
   * `app.inject`, so they keep working when requests need a session.
   */
  inject: FastifyInstance['inject'];
  /** Base URL of the listening server (built UI and API). */
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole app for a test: its own copy of the migrated template database, its own data folder,
 * a free port on 127.0.0.1, the real queue. The built UI is served when `pnpm build` ran.
 */
export async function startTestServer(options: {
  adminDatabaseUrl: string;
  templateDatabaseUrl: string;
  logLevel?: string;
  /** Extra environment, e.g. `TRIBUTARY_ROLE: 'api'` when the test runs its own worker processes. */
  env?: Record<string, string>;
}): Promise<TestServer> {
  const database = await createTestDatabase(options.adminDatabaseUrl, options.templateDatabaseUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-test-'));
  const logLevel = options.logLevel ?? 'silent';
  const config = loadConfig({
    DATABASE_URL: database.url,
    TRIBUTARY_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    ...options.env,
  });
  const running = await startTributary({ ...config, port: 0 }, createLogger(logLevel));
  if (!running.app || !running.url) throw new Error('the test server did not start its HTTP listener');
  return {
    app: running.app,
    inject: running.app.inject.bind(running.app),
    url: running.url,
    databaseUrl: database.url,
    stop: async () => {
      await running.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
