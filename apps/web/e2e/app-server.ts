import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startTributary, type RunningTributary } from '@tributary/api';
import { createTestDatabase } from '@tributary/db/testing';
import { inject } from 'vitest';

/**
 * The whole app (built UI, API, worker) in this process on a free port, with its own copy of the
 * migrated test database and its own data folder. Requires `pnpm build` first (`pnpm test` does).
 */
export async function startAppServer(): Promise<RunningTributary & { url: string }> {
  const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
  const database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-e2e-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    TRIBUTARY_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const running = await startTributary({ ...config, port: 0 }, createLogger('warn'));
  if (!running.url) throw new Error('the app server did not start its HTTP listener');
  return {
    ...running,
    url: running.url,
    stop: async () => {
      await running.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
