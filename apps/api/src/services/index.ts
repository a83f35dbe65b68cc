import type { ApiTokenService } from './api-tokens/api-token-service.ts';
import type { AuditService } from './audit/audit-service.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { SessionService } from './auth/session-service.ts';
import type { ConnectionTestService } from './connections/connection-test-service.ts';
import type { GroupService } from './groups/group-service.ts';
import type { HealthService } from './health/health-service.ts';
import type { PermissionService } from './permissions/permission-service.ts';
import type { SyncAccessService } from './permissions/sync-access.ts';
import type { JobService } from './jobs/job-service.ts';
import type { SourceFileService } from './source-files/source-file-service.ts';
import type { SourceService } from './sources/source-service.ts';
import type { SyncDocumentService } from './syncs/sync-document-service.ts';
import type { SyncService } from './syncs/sync-service.ts';
import type { UserService } from './users/user-service.ts';

/** Every service the routes use; built once in `runtime.ts` (or a test) and decorated on the app. */
export interface Services {
  health: HealthService;
  syncs: SyncService;
  syncDocuments: SyncDocumentService;
  connectionTests: ConnectionTestService;
  auth: AuthService;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  users: UserService;
  groups: GroupService;
  syncAccess: SyncAccessService;
  permissions: PermissionService;
  audit: AuditService;
  sources: SourceService;
  sourceFiles: SourceFileService;
  jobs: JobService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
