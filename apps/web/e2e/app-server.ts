import { loadConfig, createLogger, startTributary, type RunningTributary } from '@tributary/api';

/**
 * The whole app (built UI, API, worker) in this process on a free port, against the given
 * database. Requires `pnpm build` first, which `pnpm test` runs.
 */
export async function startAppServer(databaseUrl: string): Promise<RunningTributary & { url: string }> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '1', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const running = await startTributary({ ...config, port: 0 }, createLogger('warn'));
  if (!running.url) throw new Error('the app server did not start its HTTP listener');
  return { ...running, url: running.url };
}
