import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import authentication from './plugins/app/authentication.ts';
import errorHandler, { sendFrameworkError } from './plugins/app/error-handler.ts';
import metricsPlugin from './plugins/app/metrics.ts';
import routeTable from './plugins/app/route-table.ts';
import openapi from './plugins/external/openapi.ts';
import webUi, { hasBuiltUi } from './plugins/external/web-ui.ts';
import apiTokenRoutes from './routes/api-tokens/index.ts';
import auditEventRoutes from './routes/audit-events/index.ts';
import authRoutes from './routes/auth/index.ts';
import connectionLogRoutes from './routes/connection-logs/index.ts';
import connectionRoutes from './routes/connections/index.ts';
import healthRoutes from './routes/health/index.ts';
import groupRoutes from './routes/groups/index.ts';
import jobRoutes from './routes/jobs/index.ts';
import sourceFileRoutes from './routes/source-files/index.ts';
import sourceRoutes from './routes/sources/index.ts';
import syncRoutes from './routes/syncs/index.ts';
import syncPermissionRoutes from './routes/syncs/permissions.ts';
import userRoutes from './routes/users/index.ts';
import type { TrustProxy } from './config.ts';
import type { Services } from './services/index.ts';
import type { MetricsService } from './services/metrics/metrics-service.ts';

export interface BuildAppOptions {
  logger: Logger;
  services: Services;
  version: string;
  /** Folder of the built UI; the API runs without it (and says so) when it is missing. */
  webDist: string;
  /** Whose X-Forwarded-For/-Proto to believe (TRIBUTARY_TRUST_PROXY). */
  trustProxy: TrustProxy;
  metrics: MetricsService;
  /** TRIBUTARY_METRICS_TOKEN: `GET /metrics` is served only with one. */
  metricsToken: string | undefined;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance type the default one.
    loggerInstance: options.logger as FastifyBaseLogger,
    trustProxy: options.trustProxy,
    frameworkErrors: sendFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', options.services);

  await app.register(routeTable);
  await app.register(errorHandler);
  await app.register(metricsPlugin, { metrics: options.metrics, token: options.metricsToken });
  await app.register(authentication);
  await app.register(openapi, { version: options.version });
  await app.register(healthRoutes, { prefix: '/api/health' });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(groupRoutes, { prefix: '/api/groups' });
  await app.register(auditEventRoutes, { prefix: '/api/audit-events' });
  await app.register(apiTokenRoutes, { prefix: '/api/api-tokens' });
  await app.register(syncRoutes, { prefix: '/api/syncs' });
  await app.register(syncPermissionRoutes, { prefix: '/api/syncs' });
  await app.register(connectionRoutes, { prefix: '/api/connections' });
  await app.register(connectionLogRoutes, { prefix: '/api/connection-logs' });
  await app.register(sourceRoutes, { prefix: '/api/sources' });
  await app.register(sourceFileRoutes, { prefix: '/api/source-files' });
  await app.register(jobRoutes, { prefix: '/api/jobs' });

  if (hasBuiltUi(options.webDist)) {
    await app.register(webUi, { webDist: options.webDist });
  } else {
    options.logger.warn({ webDist: options.webDist }, 'the UI is not built (run `pnpm build`); serving the API only');
  }
  return app;
}
