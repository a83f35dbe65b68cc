import {
  DEFAULT_JOB_SETTINGS,
  unknownSourceColumns,
  ZJobSettingsSchema,
  ZKafkaDestinationInputSchema,
  ZSourceInputSchema,
  type TColumnMapping,
  type TFieldIssue,
  type TSource,
  type TSourceView,
  ZSyncSaveRequestSchema,
  type TKafkaDestination,
  type TKafkaSecretField,
  type TSyncAccess,
  type TSyncSaveRequest,
  type TSyncSummary,
  type TSyncView,
  destinationView,
  joinDestinationSecrets,
  reuseStoredDestinationSecrets,
  splitDestinationSecrets,
  usedSecrets,
  type DestinationSecrets,
} from '@tributary/core';
import { findSourceFile, Prisma, syncSecretContext, type DbClient, type SecretBox } from '@tributary/db';
import { SOURCE_PASSWORD_FIELD, storedColumnMapping } from '@tributary/worker';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';
import { FULL_ACCESS, viewableSyncs, type SyncAccessService } from '../permissions/sync-access.ts';
import type { SourceService } from '../sources/source-service.ts';
import { reusedOrRejected } from './reused-secrets.ts';
import { describeSyncChanges, EMPTY_SYNC_STATE, type SyncChanges } from './sync-changes.ts';

export interface SyncServiceDeps {
  db: Pick<DbClient, 'sync' | 'columnMapping' | 'sourceFile' | '$transaction'>;
  secretBox: SecretBox;
  access: Pick<SyncAccessService, 'accessToEach'>;
  sources: Pick<SourceService, 'resolve' | 'columnNames'>;
}

type SyncRow = {
  id: string;
  name: string;
  description: string;
  destinationConfig: unknown;
  secrets: unknown;
  sourceType: string | null;
  sourceConfig: unknown;
  messageKeyColumn: string | null;
  bigNumbersAs: string;
  jobSettings: unknown;
  createdAt: Date;
  updatedAt: Date;
  columnMappings: Array<{ sourceColumn: string; targetColumn: string }>;
};

const secretContext = syncSecretContext;
const withMappings = { columnMappings: { orderBy: { position: 'asc' as const } } };

export type SyncService = ReturnType<typeof createSyncService>;

/** A checked save of one sync, not yet written. */
export interface PlannedSave {
  syncId: string;
  name: string;
  isNew: boolean;
  /** What the save changes, as the audit trail records it (secrets only as "changed"). */
  changes: SyncChanges;
  /** Stores the sync, its column mapping and its audit event in the caller's transaction. */
  write(tx: Prisma.TransactionClient): Promise<void>;
}

export function createSyncService({ db, secretBox, access, sources }: SyncServiceDeps) {
  const sealedOf = (row: SyncRow) => (row.secrets ?? {}) as Record<string, string>;
  const configOf = (row: SyncRow) => ZKafkaDestinationInputSchema.parse(row.destinationConfig);
  const jobSettingsOf = (row: SyncRow) =>
    ZJobSettingsSchema.parse({ ...DEFAULT_JOB_SETTINGS, ...(row.jobSettings as object) });

  function openSecrets(row: SyncRow): DestinationSecrets & Record<string, string> {
    return Object.fromEntries(
      Object.entries(sealedOf(row)).map(([field, sealed]) => [
        field,
        secretBox.open(sealed, secretContext(row.id, field)),
      ]),
    );
  }

  async function sourceView(row: SyncRow): Promise<TSourceView | null> {
    if (!row.sourceType || !row.sourceConfig) return null;
    const source = ZSourceInputSchema.parse(row.sourceConfig);
    if (source.type === 'delimited-file') {
      const file = await findSourceFile(db, source.fileId);
      return { ...source, file: file && { fileId: file.id, name: file.name, size: file.size } };
    }
    return { ...source, password: { isSet: SOURCE_PASSWORD_FIELD in sealedOf(row) } };
  }

  async function toView(row: SyncRow, access: TSyncAccess): Promise<TSyncView> {
    const secretsSet = new Set(Object.keys(sealedOf(row)) as TKafkaSecretField[]);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      destination: destinationView(configOf(row), secretsSet),
      source: await sourceView(row),
      columnMapping: storedColumnMapping(row),
      jobSettings: jobSettingsOf(row),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      access,
    };
  }

  async function findRow(id: string): Promise<SyncRow> {
    const row = await db.sync.findUnique({ where: { id }, include: withMappings });
    if (!row) throw new AppError('NOT_FOUND', `No data sync with id ${id}`);
    return row;
  }

  function sealAll(syncId: string, secrets: DestinationSecrets): Record<string, string> {
    return Object.fromEntries(
      Object.entries(secrets).map(([field, value]) => [field, secretBox.seal(value!, secretContext(syncId, field))]),
    );
  }

  /** Unknown source columns, named by row, checked against the source as it is now. */
  async function checkMapping(source: TSource | null, mapping: TColumnMapping | null): Promise<void> {
    if (!mapping) return;
    if (!source) {
      const message = 'Set up the source first: the column mapping is checked against its columns';
      throw new AppError('VALIDATION_FAILED', message, [{ field: 'source', message }]);
    }
    const discovered = await sources.columnNames(source);
    if ('problem' in discovered) {
      const message = `The source cannot be read to check the column mapping: ${discovered.problem}`;
      throw new AppError('VALIDATION_FAILED', message, [{ field: discovered.field ?? 'source', message }]);
    }
    const fields: TFieldIssue[] = unknownSourceColumns(mapping, discovered.names).map((issue) => ({
      field: `columnMapping.${issue.field}`,
      message: issue.message,
    }));
    if (fields.length > 0) {
      throw new AppError('VALIDATION_FAILED', fields.map((issue) => issue.message).join('; '), fields);
    }
  }

  /** What is stored of the source (no password) and the password apart. */
  function splitSource(source: TSource | null): { config: Prisma.InputJsonValue | undefined; password?: string } {
    if (!source) return { config: undefined };
    if (source.type === 'delimited-file') return { config: source };
    const { password, ...config } = source;
    return { config, password: password || undefined };
  }

  async function saveMapping(tx: Pick<DbClient, 'columnMapping'>, syncId: string, mapping: TColumnMapping | null) {
    await tx.columnMapping.deleteMany({ where: { syncId } });
    if (!mapping) return;
    await tx.columnMapping.createMany({
      data: mapping.rows.map((row, position) => ({ syncId, position, ...row })),
    });
  }

  /** Runs `work`, answering a clash with another sync's name as a 409 naming the field. */
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

  /**
   * Everything the sync editor's save checks (settings, the source and its file, the column
   * mapping against the source's columns), done before anything is written: `write` then stores
   * it in the caller's transaction, so several saves can land together or not at all.
   */
  async function planCreate(request: TSyncSaveRequest, actor: Actor): Promise<PlannedSave> {
    const body = ZSyncSaveRequestSchema.parse(request);
    const { config, secrets } = splitDestinationSecrets(body.destination);
    const source = body.source && (await sources.resolve(body.source, actor));
    await checkMapping(source, body.columnMapping);
    const sourceParts = splitSource(source);
    const id = globalThis.crypto.randomUUID();
    const newSecrets: Record<string, string> = {
      ...secrets,
      ...(sourceParts.password && { [SOURCE_PASSWORD_FIELD]: sourceParts.password }),
    };
    const sealed = sealAll(id, newSecrets);
    const changes = describeSyncChanges(EMPTY_SYNC_STATE, {
      name: body.name,
      description: body.description,
      destination: config,
      source: sourceParts.config ?? null,
      columnMapping: body.columnMapping,
      jobSettings: body.jobSettings,
      secrets: newSecrets,
    });
    return {
      syncId: id,
      name: body.name,
      isNew: true,
      changes,
      async write(tx) {
        await tx.sync.create({
          data: {
            id,
            name: body.name,
            description: body.description,
            destinationType: config.type,
            destinationConfig: config,
            secrets: sealed,
            sourceType: source?.type ?? null,
            sourceConfig: sourceParts.config,
            messageKeyColumn: body.columnMapping?.keyColumn ?? null,
            bigNumbersAs: body.columnMapping?.bigNumbersAs ?? 'string',
            jobSettings: body.jobSettings,
            createdById: actor.id,
          },
        });
        await saveMapping(tx, id, body.columnMapping);
        await tx.syncPermission.create({ data: { syncId: id, userId: actor.id, ...FULL_ACCESS } });
        await recordAudit(tx, actor, { action: 'sync.create', targetType: 'sync', targetId: id, details: { changes } });
      },
    };
  }

  /** The update's checks and its changes against the stored sync; see `planCreate`. */
  async function planUpdate(id: string, request: TSyncSaveRequest, actor: Actor): Promise<PlannedSave> {
    const body = ZSyncSaveRequestSchema.parse(request);
    const current = await findRow(id);
    const opened = openSecrets(current);
    // A blank secret keeps the stored one only while it still goes where it was stored for.
    const merged = reusedOrRejected(
      reuseStoredDestinationSecrets(body.destination, joinDestinationSecrets(configOf(current), opened)),
    );
    const { config, secrets } = splitDestinationSecrets(merged);
    const source = body.source && (await sources.resolve(body.source, actor, id));
    await checkMapping(source, body.columnMapping);
    const sourceParts = splitSource(source);
    // Secrets the new settings no longer use are dropped, not kept around.
    const kept: Record<string, string> = {
      ...usedSecrets(config, secrets),
      ...(sourceParts.password && { [SOURCE_PASSWORD_FIELD]: sourceParts.password }),
    };
    const changes = describeSyncChanges(
      {
        name: current.name,
        description: current.description,
        destination: configOf(current),
        source: current.sourceConfig ?? null,
        columnMapping: storedColumnMapping(current),
        jobSettings: jobSettingsOf(current),
        secrets: opened,
      },
      {
        name: body.name,
        description: body.description,
        destination: config,
        source: sourceParts.config ?? null,
        columnMapping: body.columnMapping,
        jobSettings: body.jobSettings,
        secrets: kept,
      },
    );
    return {
      syncId: id,
      name: body.name,
      isNew: false,
      changes,
      async write(tx) {
        await tx.sync.update({
          where: { id },
          data: {
            name: body.name,
            description: body.description,
            destinationType: config.type,
            destinationConfig: config,
            secrets: sealAll(id, kept),
            sourceType: source?.type ?? null,
            sourceConfig: sourceParts.config ?? Prisma.DbNull,
            messageKeyColumn: body.columnMapping?.keyColumn ?? null,
            bigNumbersAs: body.columnMapping?.bigNumbersAs ?? 'string',
            jobSettings: body.jobSettings,
          },
        });
        await saveMapping(tx, id, body.columnMapping);
        await recordAudit(tx, actor, { action: 'sync.update', targetType: 'sync', targetId: id, details: { changes } });
      },
    };
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
        sourceType: row.sourceType,
      }));
    },

    /** `access` is the caller's, already checked by the route (`requireSyncPermission`). */
    async get(id: string, access: TSyncAccess): Promise<TSyncView> {
      return toView(await findRow(id), access);
    },

    /** The creator gets all four permissions on the new sync. */
    async create(request: TSyncSaveRequest, actor: Actor): Promise<TSyncView> {
      const plan = await planCreate(request, actor);
      await uniqueName(() => db.$transaction((tx) => plan.write(tx)), plan.name);
      return toView(await findRow(plan.syncId), FULL_ACCESS);
    },

    async update(id: string, request: TSyncSaveRequest, actor: Actor, access: TSyncAccess): Promise<TSyncView> {
      const plan = await planUpdate(id, request, actor);
      await uniqueName(() => db.$transaction((tx) => plan.write(tx)), plan.name);
      return toView(await findRow(id), access);
    },

    planCreate,
    planUpdate,

    /**
     * Writes planned saves in one transaction, so they all land or none does; `alongside` adds
     * more writes to it (an audit summary).
     */
    async writeAll(plans: PlannedSave[], alongside?: (tx: Prisma.TransactionClient) => Promise<void>): Promise<void> {
      await db.$transaction(
        async (tx) => {
          for (const plan of plans) {
            await uniqueName(() => plan.write(tx), plan.name).catch((error: unknown) => {
              // The sync was deleted between the checks and this write.
              if ((error as { code?: string }).code !== 'P2025') throw error;
              throw new AppError('CONFLICT', `The data sync "${plan.name}" was deleted meanwhile: apply again`);
            });
          }
          await alongside?.(tx);
        },
        // Writes only (every check ran before); generous for a document of many syncs.
        { timeout: 60_000 },
      );
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
      return { destination: joinDestinationSecrets(configOf(row), secrets), secrets };
    },
  };
}
