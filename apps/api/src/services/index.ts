import type { HealthService } from './health/health-service.ts';

/** Every service the routes use; built once in `main.ts` (or a test) and decorated on the app. */
export interface Services {
  health: HealthService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
