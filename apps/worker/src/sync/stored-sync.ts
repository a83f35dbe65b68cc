import {
  DEFAULT_JOB_SETTINGS,
  KAFKA_SECRET_FIELDS,
  ZColumnMappingSchema,
  ZJobSettingsSchema,
  ZKafkaDestinationInputSchema,
  ZSourceInputSchema,
  type TColumnMapping,
  type TJobSettings,
  type TKafkaDestination,
  type TSource,
} from '@tributary/core';
import { syncSecretContext, type DbClient, type SecretBox } from '@tributary/db';

/** Where a sync's source password is kept among its sealed secrets. */
export const SOURCE_PASSWORD_FIELD = 'source.password';

export interface StoredSync {
  id: string;
  name: string;
  destination: TKafkaDestination;
  /** With its stored password filled in. */
  source: TSource | null;
  columnMapping: TColumnMapping | null;
  jobSettings: TJobSettings;
}

type Loose = Record<string, unknown>;

function withValueAt(object: Loose, path: string[], value: unknown): Loose {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...object, [head]: value };
  const child = object[head];
  if (typeof child !== 'object' || child === null) return object;
  return { ...object, [head]: withValueAt(child as Loose, rest, value) };
}

/** A sync as a job needs it: every secret opened. Only the worker and test endpoints call this. */
export async function loadStoredSync(
  db: Pick<DbClient, 'sync' | 'columnMapping'>,
  secretBox: SecretBox,
  syncId: string,
): Promise<StoredSync | null> {
  const row = await db.sync.findUnique({
    where: { id: syncId },
    include: { columnMappings: { orderBy: { position: 'asc' } } },
  });
  if (!row) return null;
  const sealed = (row.secrets ?? {}) as Record<string, string>;
  const open = (field: string) =>
    sealed[field] === undefined ? undefined : secretBox.open(sealed[field], syncSecretContext(row.id, field));

  let destination = row.destinationConfig as Loose;
  for (const field of KAFKA_SECRET_FIELDS) {
    const value = open(field);
    if (value !== undefined) destination = withValueAt(destination, field.split('.'), value);
  }

  let source: TSource | null = null;
  if (row.sourceType && row.sourceConfig) {
    const config = row.sourceConfig as Loose;
    const password = open(SOURCE_PASSWORD_FIELD);
    source = ZSourceInputSchema.parse(password === undefined ? config : { ...config, password });
  }

  const columnMapping =
    row.columnMappings.length === 0
      ? null
      : ZColumnMappingSchema.parse({
          rows: row.columnMappings.map(({ sourceColumn, targetColumn }) => ({ sourceColumn, targetColumn })),
          keyColumn: row.messageKeyColumn,
          bigNumbersAs: row.bigNumbersAs,
        });

  return {
    id: row.id,
    name: row.name,
    destination: ZKafkaDestinationInputSchema.parse(destination),
    source,
    columnMapping,
    jobSettings: ZJobSettingsSchema.parse({ ...DEFAULT_JOB_SETTINGS, ...(row.jobSettings as Loose) }),
  };
}
