import type { FastifyInstance } from 'fastify';
import type { SyncIdOf } from './authentication.ts';

/** The sync named by the request body's `syncId`; nothing to check when it has none. */
export const bodySyncId: SyncIdOf = (request) => ({
  field: 'body.syncId',
  value: (request.body as { syncId?: unknown } | undefined)?.syncId ?? undefined,
});

/**
 * For routes that work on a source or mapping in the request body (Test Connection, columns,
 * preview): only those who may create syncs, and `edit` on the sync named by `syncId` when
 * given, since its stored secrets are then used.
 */
export function editOfBodySync(app: FastifyInstance) {
  return [app.requireRole('admin', 'operator'), app.requireSyncPermission('edit', bodySyncId)];
}
