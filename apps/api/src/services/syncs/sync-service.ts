import {
  DEFAULT_JOB_SETTINGS,
  ZKafkaDestinationInputSchema,
  ZSyncSaveRequestSchema,
  type TKafkaDestination,
  type TKafkaSecretField,
  type TSyncSaveRequest,
  type TSyncSummary,
  type TSyncView,
} from '@tributary/core';
import type { DbClient, SecretBox } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import {
  destinationView,
  splitDestinationSecrets,
  usedSecrets,
  withStoredSecrets,
  type DestinationSecrets,
} from './destination-secrets.ts';

export interface SyncServiceDeps {
  db: Pick<DbClient, 'sync'>;
  secretBox: SecretBox;
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

export function createSyncService({ db, secretBox }: SyncServiceDeps) {
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

  function toView(row: SyncRow): TSyncView {
    const secretsSet = new Set(Object.keys(sealedOf(row)) as TKafkaSecretField[]);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      destination: destinationView(configOf(row), secretsSet),
      source: null,
      columnMapping: null,
      jobSettings: DEFAULT_JOB_SETTINGS,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
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
    async list(): Promise<TSyncSummary[]> {
      const rows = await db.sync.findMany({ orderBy: { name: 'asc' } });
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        updatedAt: row.updatedAt.toISOString(),
        destinationType: row.destinationType,
        topic: String((row.destinationConfig as { topic?: unknown }).topic ?? ''),
        sourceType: row.sourceType,
      }));
    },

    async get(id: string): Promise<TSyncView> {
      return toView(await findRow(id));
    },

    async create(request: TSyncSaveRequest): Promise<TSyncView> {
      const body = ZSyncSaveRequestSchema.parse(request);
      const { config, secrets } = splitDestinationSecrets(body.destination);
      const id = globalThis.crypto.randomUUID();
      const row = await uniqueName(
        () =>
          db.sync.create({
            data: {
              id,
              name: body.name,
              description: body.description,
              destinationType: config.type,
              destinationConfig: config,
              secrets: sealAll(id, secrets),
            },
          }),
        body.name,
      );
      return toView(row);
    },

    async update(id: string, request: TSyncSaveRequest): Promise<TSyncView> {
      const body = ZSyncSaveRequestSchema.parse(request);
      const current = await findRow(id);
      const merged = withStoredSecrets(body.destination, openSecrets(current));
      const { config, secrets } = splitDestinationSecrets(merged);
      const row = await uniqueName(
        () =>
          db.sync.update({
            where: { id },
            data: {
              name: body.name,
              description: body.description,
              destinationType: config.type,
              destinationConfig: config,
              // Secrets the new settings no longer use are dropped, not kept around.
              secrets: sealAll(id, usedSecrets(config, secrets)),
            },
          }),
        body.name,
      );
      return toView(row);
    },

    /** The stored destination with its secrets opened, for a Kafka client. */
    async storedDestination(id: string): Promise<{ destination: TKafkaDestination; secrets: DestinationSecrets }> {
      const row = await findRow(id);
      const secrets = openSecrets(row);
      return { destination: withStoredSecrets(configOf(row), secrets), secrets };
    },
  };
}
