import {
  toFieldIssues,
  ZConnectionTestRequestSchema,
  ZConnectionTestResultSchema,
  ZResolvedKafkaDestinationSchema,
  type TConnectionTestLog,
  type TConnectionTestRequest,
  type TConnectionTestResponse,
  type TKafkaSecretField,
  destinationView,
  reuseStoredDestinationSecrets,
  splitDestinationSecrets,
} from '@tributary/core';
import type { DbClient } from '@tributary/db';
import { diagnoseConnection } from '@tributary/kafka';
import { AppError } from '../../app-error.ts';
import type { Actor } from '../permissions/actor.ts';
import type { SyncAccessService } from '../permissions/sync-access.ts';
import { reusedOrRejected } from '../syncs/reused-secrets.ts';
import type { SyncService } from '../syncs/sync-service.ts';
import { scrubSecrets } from './scrub-secrets.ts';

export interface ConnectionTestDeps {
  db: Pick<DbClient, 'connectionTestLog'>;
  syncs: Pick<SyncService, 'storedDestination'>;
  access: Pick<SyncAccessService, 'accessTo'>;
}

export type ConnectionTestService = ReturnType<typeof createConnectionTestService>;

export function createConnectionTestService({ db, syncs, access }: ConnectionTestDeps) {
  return {
    /**
     * Tests the form's destination; secrets left blank use the sync's stored ones while the form
     * still sends them where they were stored for. The route checked that `actor` may edit that sync.
     */
    async test(request: TConnectionTestRequest, actor: Actor): Promise<TConnectionTestResponse> {
      const body = ZConnectionTestRequestSchema.parse(request);
      const stored = body.syncId ? await syncs.storedDestination(body.syncId) : undefined;
      const input = body.destination ?? stored?.destination;
      if (!input) throw new AppError('VALIDATION_FAILED', 'Give a destination to test');
      const merged = reusedOrRejected(reuseStoredDestinationSecrets(input, stored?.destination));
      const resolved = ZResolvedKafkaDestinationSchema.safeParse(merged);
      if (!resolved.success) {
        const fields = toFieldIssues(resolved.error).map((issue) => ({
          ...issue,
          field: `destination.${issue.field}`,
        }));
        throw new AppError(
          'VALIDATION_FAILED',
          `The destination cannot be tested: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
          fields,
        );
      }
      const { config, secrets } = splitDestinationSecrets(resolved.data);
      const result = scrubSecrets(await diagnoseConnection(resolved.data), Object.values(secrets));
      const log = await db.connectionTestLog.create({
        data: {
          syncId: body.syncId ?? null,
          createdById: actor.id,
          destination: destinationView(config, new Set(Object.keys(secrets) as TKafkaSecretField[])),
          isSuccessful: result.isSuccessful,
          failedStep: result.failedStep ?? null,
          message: result.message,
          hint: result.hint ?? null,
          steps: result.steps,
          result,
        },
      });
      return { ...result, logId: log.id };
    },

    /** Readable by whoever may view its sync, or, for a test of an unsaved form, by who ran it. */
    async getLog(id: string, actor: Actor): Promise<TConnectionTestLog> {
      const log = await db.connectionTestLog.findUnique({ where: { id } });
      const mayRead =
        log &&
        (actor.role === 'admin' ||
          (log.syncId ? (await access.accessTo(actor, log.syncId)).canView : log.createdById === actor.id));
      // Someone else's log answers like a missing one, so ids cannot be probed.
      if (!log || !mayRead) throw new AppError('NOT_FOUND', `No connection test log with id ${id}`);
      return {
        ...ZConnectionTestResultSchema.parse(log.result),
        id: log.id,
        createdAt: log.createdAt.toISOString(),
        syncId: log.syncId,
        destination: log.destination as Record<string, unknown>,
      };
    },
  };
}
