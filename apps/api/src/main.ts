import { EmbeddedPostgresError } from '@tributary/db';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startTributary, type RunningTributary } from './runtime.ts';

/** Under `pnpm start` one Ctrl-C arrives twice: from the terminal, and forwarded by pnpm. */
const SAME_KEY_PRESS_MS = 1_000;
/** SIGHUP: a closed terminal; the embedded PostgreSQL runs in its own process group and hears nothing. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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

  let running: RunningTributary | undefined = undefined;
  let stopRequestedAt: number | undefined;
  const stopAndExit = (tributary: RunningTributary) =>
    tributary.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  // Listening from the start: a signal's default action would kill this process during start-up
  // and leave the embedded PostgreSQL it began running.
  const onStopSignal = (signal: NodeJS.Signals) => {
    if (stopRequestedAt !== undefined) {
      if (Date.now() - stopRequestedAt < SAME_KEY_PRESS_MS) return;
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopRequestedAt = Date.now();
    logger.info(running ? `${signal}: shutting down` : `${signal}: shutting down once started`);
    if (running) void stopAndExit(running);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);

  running = await startTributary(config, logger).catch((error: unknown) => {
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
  if (stopRequestedAt !== undefined) void stopAndExit(running);
}

void main();
