import { EmbeddedPostgresError } from '@tributary/db';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startTributary } from './runtime.ts';

/** Process entry: `pnpm start`. Runs the API + UI, the worker, or both (TRIBUTARY_ROLE). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const running = await startTributary(config, logger).catch((error: unknown) => {
    if (error instanceof EmbeddedPostgresError) {
      // The message names the folder or user at fault and what to do; a stack trace would bury it.
      process.stderr.write(`Tributary did not start: ${error.message}\n`);
    } else {
      logger.fatal({ err: error }, 'Tributary did not start');
    }
    process.exit(1);
  });
  logger.info(
    { url: running.url, role: config.role },
    running.url ? `Tributary is listening on ${running.url}` : 'Tributary worker is running',
  );

  let isStopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isStopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    isStopping = true;
    logger.info(`${signal}: shutting down`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A closed terminal: the embedded PostgreSQL runs in its own process group and hears nothing.
  process.on('SIGHUP', shutdown);
}

void main();
