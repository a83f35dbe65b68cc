import { join } from 'node:path';
import {
  createDbClient,
  createSecretBox,
  loadOrCreateSecretKey,
  migrateDatabase,
  parseSecretKey,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '@tributary/db';
import { identifyPostgresDatabase } from '@tributary/sources';
import { startBatchJobWorker, startSourceFileSweeper, startJobQueue } from '@tributary/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { startMetricsServer } from './metrics-server.ts';
import type { AppConfig } from './config.ts';
import { createApiTokenService } from './services/api-tokens/api-token-service.ts';
import { createAuditService } from './services/audit/audit-service.ts';
import { createAuthService } from './services/auth/auth-service.ts';
import { createSessionService } from './services/auth/session-service.ts';
import { createSignInLimiter } from './services/auth/sign-in-limiter.ts';
import { createConnectionTestService } from './services/connections/connection-test-service.ts';
import { createGroupService } from './services/groups/group-service.ts';
import { createHealthService } from './services/health/health-service.ts';
import { createPermissionService } from './services/permissions/permission-service.ts';
import { createSyncAccessService } from './services/permissions/sync-access.ts';
import { createJobService } from './services/jobs/job-service.ts';
import { createMetricsService } from './services/metrics/metrics-service.ts';
import { createSourceFileService } from './services/source-files/source-file-service.ts';
import { createSourceService } from './services/sources/source-service.ts';
import { createSyncDocumentService } from './services/syncs/sync-document-service.ts';
import { createSyncService } from './services/syncs/sync-service.ts';
import { createUserService } from './services/users/user-service.ts';
import { APP_VERSION } from './version.ts';

export interface RunningTributary {
  /** Base URL of the HTTP server, when this process runs the API. */
  url: string | undefined;
  app: FastifyInstance | undefined;
  databaseUrl: string;
  stop(): Promise<void>;
}

async function startEmbedded(config: AppConfig, logger: Logger, cleanups: Array<() => Promise<unknown>>) {
  const dataDir = join(config.dataDir, 'postgres');
  logger.info({ dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
  const embedded: RunningPostgres = await startEmbeddedPostgres({ dataDir });
  cleanups.push(() => embedded.stop());
  if (embedded.notice) logger.info({ clusterDir: embedded.clusterDir }, embedded.notice);
  return embedded.url;
}

async function loadSecretKey(config: AppConfig, logger: Logger): Promise<Buffer> {
  if (config.secretKey) return parseSecretKey(config.secretKey);
  const file = join(config.dataDir, 'secret-key');
  if (config.databaseUrl) {
    logger.warn(
      { file },
      'TRIBUTARY_SECRET_KEY is not set: using a key kept in the data folder; set it when several processes share the database',
    );
  }
  return loadOrCreateSecretKey(file);
}

/**
 * Starts the parts this process runs, in dependency order (database, migrations, queue, HTTP),
 * and returns a `stop` that shuts them down in reverse. A failed start undoes what it began.
 */
export async function startTributary(config: AppConfig, logger: Logger): Promise<RunningTributary> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error during shutdown'));
    }
    cleanups.length = 0;
  };

  try {
    const databaseUrl = config.databaseUrl ?? (await startEmbedded(config, logger, cleanups));

    const migration = await migrateDatabase(databaseUrl);
    logger.info({ applied: migration.applied }, `database schema is up to date (${migration.applied.length} applied)`);

    // Sources may not read Tributary's own database (users, credentials): readers refuse this one.
    const ownDatabase = await identifyPostgresDatabase(databaseUrl);
    const db = createDbClient(databaseUrl);
    cleanups.push(() => db.$disconnect());

    const queue = await startJobQueue({
      databaseUrl,
      logger,
      isSupervisor: config.runsWorker,
      expireInSeconds: config.jobExpireSeconds,
      retryLimit: config.jobRetries,
      maintenanceIntervalSeconds: config.queueMaintenanceSeconds,
    });
    cleanups.push(() => queue.stop({ graceful: true, timeout: 10_000 }));
    const secretBox = createSecretBox(await loadSecretKey(config, logger));
    const metrics = createMetricsService({ db, queue });
    if (config.metricsPort) {
      const metricsServer = await startMetricsServer(metrics, config.metricsPort);
      cleanups.push(() => metricsServer.close());
      logger.info({ port: config.metricsPort }, 'serving /metrics on 127.0.0.1');
    }

    if (config.runsWorker) {
      const worker = await startBatchJobWorker({
        db,
        secretBox,
        boss: queue,
        databaseUrl,
        logger,
        producerRetries: config.producerRetries,
        observer: metrics,
        sourceReads: {
          ownDatabase,
          timeout: { seconds: config.sourceFetchTimeoutSeconds, setting: 'TRIBUTARY_SOURCE_FETCH_TIMEOUT_SECONDS' },
        },
      });
      // Runs before the queue stops (cleanups run in reverse), so running jobs hand themselves back.
      cleanups.push(async () => worker.stop());
      await startSourceFileSweeper({ boss: queue, db, logger });
    }

    let app: FastifyInstance | undefined;
    let url: string | undefined;
    if (config.runsApi) {
      const health = createHealthService({
        pingDatabase: async () => void (await db.$queryRaw`select 1`),
        pingQueue: async () => void (await queue.getQueues()),
        version: APP_VERSION,
        startedAt: new Date(),
      });
      const syncAccess = createSyncAccessService({ db });
      const sources = createSourceService({
        db,
        secretBox,
        reads: {
          ownDatabase,
          timeout: {
            seconds: config.sourceStatementTimeoutSeconds,
            setting: 'TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS',
          },
        },
      });
      const syncs = createSyncService({ db, secretBox, access: syncAccess, sources });
      const connectionTests = createConnectionTestService({ db, syncs, access: syncAccess });
      const sessions = createSessionService({ db });
      const limiter = createSignInLimiter({ db });
      const auth = createAuthService({ db, sessions, limiter });
      if (config.firstAdmin) {
        const isCreated = await auth.ensureAdminFromEnvironment(config.firstAdmin.email, config.firstAdmin.password);
        logger.info(
          { email: config.firstAdmin.email },
          isCreated
            ? 'created the first admin from TRIBUTARY_ADMIN_EMAIL'
            : 'users exist already: TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD are ignored',
        );
      }
      app = await buildApp({
        logger,
        services: {
          health,
          syncs,
          syncDocuments: createSyncDocumentService({ db, syncs, access: syncAccess }),
          connectionTests,
          auth,
          sessions,
          apiTokens: createApiTokenService({ db }),
          syncAccess,
          users: createUserService({ db, limiter }),
          groups: createGroupService({ db }),
          permissions: createPermissionService({ db }),
          audit: createAuditService({ db }),
          sources,
          sourceFiles: createSourceFileService({ db, maxBytes: config.uploadMaxBytes }),
          jobs: createJobService({ db, queue, retryLimit: config.jobRetries }),
        },
        version: APP_VERSION,
        webDist: config.webDist,
        trustProxy: config.trustProxy,
        metrics,
        metricsToken: config.metricsToken,
      });
      const server = app;
      cleanups.push(() => server.close());
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
    return { url, app, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
