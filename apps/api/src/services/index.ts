import type { ConnectionTestService } from './connections/connection-test-service.ts';
import type { HealthService } from './health/health-service.ts';
import type { JobService } from './jobs/job-service.ts';
import type { SourceFileService } from './source-files/source-file-service.ts';
import type { SourceService } from './sources/source-service.ts';
import type { SyncService } from './syncs/sync-service.ts';

/** Every service the routes use; built once in `runtime.ts` (or a test) and decorated on the app. */
export interface Services {
  health: HealthService;
  syncs: SyncService;
  connectionTests: ConnectionTestService;
  sources: SourceService;
  sourceFiles: SourceFileService;
  jobs: JobService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
