import {
  ZKafkaDestinationInputSchema,
  ZSyncSaveRequestSchema,
  type TKafkaDestination,
  type TKafkaSecretField,
  type TSyncAccess,
  type TSyncSaveRequest,
  type TSyncSummary,
  type TSyncView,
} from '@tributary/core';
import type { DbClient, SecretBox } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';
import { FULL_ACCESS, viewableSyncs, type SyncAccessService } from '../permissions/sync-access.ts';
import {
  destinationView,
  splitDestinationSecrets,
  usedSecrets,
  withStoredSecrets,
  type DestinationSecrets,
} from './destination-secrets.ts';
import { describeSyncChanges } from './sync-changes.ts';

export interface SyncServiceDeps {
  db: Pick<DbClient, 'sync' | '$transaction'>;
  secretBox: SecretBox;
  access: Pick<SyncAccessService, 'accessToEach'>;
}

type SyncRow = {
  id: string;
  name: string;
  description: string;
  destinationConfig: unknown;
  secrets: unknown;
  createdAt: Date;
  updatedAt: Date;
};

const secretContext = (syncId: string, field: string) => `sync:${syncId}:${field}`;

export type SyncService = ReturnType<typeof createSyncService>;

export function createSyncService({ db, secretBox, access }: SyncServiceDeps) {
  const sealedOf = (row: SyncRow) => (row.secrets ?? {}) as Record<string, string>;
  const configOf = (row: SyncRow) => ZKafkaDestinationInputSchema.parse(row.destinationConfig);

  function openSecrets(row: SyncRow): DestinationSecrets {
    return Object.fromEntries(
      Object.entries(sealedOf(row)).map(([field, sealed]) => [
        field,
        secretBox.open(sealed, secretContext(row.id, field)),
      ]),
    );
  }

  function toView(row: SyncRow, access: TSyncAccess): TSyncView {
    const secretsSet = new Set(Object.keys(sealedOf(row)) as TKafkaSecretField[]);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      destination: destinationView(configOf(row), secretsSet),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      access,
    };
  }

  async function findRow(id: string): Promise<SyncRow> {
    const row = await db.sync.findUnique({ where: { id } });
    if (!row) throw new AppError('NOT_FOUND', `No data sync with id ${id}`);
    return row;
  }

  function sealAll(syncId: string, secrets: DestinationSecrets): Record<string, string> {
    return Object.fromEntries(
      Object.entries(secrets).map(([field, value]) => [field, secretBox.seal(value!, secretContext(syncId, field))]),
    );
  }

  async function uniqueName<T>(work: () => Promise<T>, name: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') {
        throw new AppError('CONFLICT', `A data sync named "${name}" already exists`, [
          { field: 'name', message: `A data sync named "${name}" already exists` },
        ]);
      }
      throw error;
    }
  }

  return {
    /** The syncs `actor` may view, each with what they may do with it. */
    async list(actor: Actor): Promise<TSyncSummary[]> {
      const rows = await db.sync.findMany({ where: viewableSyncs(actor), orderBy: { name: 'asc' } });
      const accessById = await access.accessToEach(
        actor,
        rows.map((row) => row.id),
      );
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        updatedAt: row.updatedAt.toISOString(),
        destinationType: row.destinationType,
        topic: String((row.destinationConfig as { topic?: unknown }).topic ?? ''),
        access: accessById.get(row.id)!,
      }));
    },

    /** `access` is the caller's, already checked by the route (`requireSyncPermission`). */
    async get(id: string, access: TSyncAccess): Promise<TSyncView> {
      return toView(await findRow(id), access);
    },

    /** The creator gets all four permissions on the new sync. */
    async create(request: TSyncSaveRequest, actor: Actor): Promise<TSyncView> {
      const body = ZSyncSaveRequestSchema.parse(request);
      const { config, secrets } = splitDestinationSecrets(body.destination);
      const id = globalThis.crypto.randomUUID();
      const row = await uniqueName(
        () =>
          db.$transaction(async (tx) => {
            const created = await tx.sync.create({
              data: {
                id,
                name: body.name,
                description: body.description,
                destinationType: config.type,
                destinationConfig: config,
                secrets: sealAll(id, secrets),
                createdById: actor.id,
              },
            });
            await tx.syncPermission.create({ data: { syncId: id, userId: actor.id, ...FULL_ACCESS } });
            await recordAudit(tx, actor, {
              action: 'sync.create',
              targetType: 'sync',
              targetId: id,
              details: {
                changes: describeSyncChanges(
                  { name: '', description: '', destination: {}, secrets: {} },
                  { name: body.name, description: body.description, destination: config, secrets },
                ),
              },
            });
            return created;
          }),
        body.name,
      );
      return toView(row, FULL_ACCESS);
    },

    async update(id: string, request: TSyncSaveRequest, actor: Actor, access: TSyncAccess): Promise<TSyncView> {
      const body = ZSyncSaveRequestSchema.parse(request);
      const current = await findRow(id);
      const merged = withStoredSecrets(body.destination, openSecrets(current));
      const { config, secrets } = splitDestinationSecrets(merged);
      // Secrets the new settings no longer use are dropped, not kept around.
      const kept = usedSecrets(config, secrets);
      const changes = describeSyncChanges(
        {
          name: current.name,
          description: current.description,
          destination: configOf(current),
          secrets: openSecrets(current),
        },
        { name: body.name, description: body.description, destination: config, secrets: kept },
      );
      const row = await uniqueName(
        () =>
          db.$transaction(async (tx) => {
            const updated = await tx.sync.update({
              where: { id },
              data: {
                name: body.name,
                description: body.description,
                destinationType: config.type,
                destinationConfig: config,
                secrets: sealAll(id, kept),
              },
            });
            await recordAudit(tx, actor, {
              action: 'sync.update',
              targetType: 'sync',
              targetId: id,
              details: { changes },
            });
            return updated;
          }),
        body.name,
      );
      return toView(row, access);
    },

    /** Deletes the sync with its mappings, grants, jobs and listener; its connection logs stay. */
    async remove(id: string, actor: Actor): Promise<void> {
      await db.$transaction(async (tx) => {
        const current = await tx.sync.findUnique({ where: { id } });
        if (!current) throw new AppError('NOT_FOUND', `No data sync with id ${id}`);
        await tx.sync.delete({ where: { id } });
        await recordAudit(tx, actor, {
          action: 'sync.delete',
          targetType: 'sync',
          targetId: id,
          details: { name: current.name },
        });
      });
    },

    /** The stored destination with its secrets opened, for a Kafka client. */
    async storedDestination(id: string): Promise<{ destination: TKafkaDestination; secrets: DestinationSecrets }> {
      const row = await findRow(id);
      const secrets = openSecrets(row);
      return { destination: withStoredSecrets(configOf(row), secrets), secrets };
    },
  };
}
