import {
  DEFAULT_JOB_SETTINGS,
  KAFKA_SECRET_FIELDS,
  ZColumnMappingViewSchema,
  ZJobSettingsSchema,
  ZKafkaDestinationInputSchema,
  ZSourceInputSchema,
  type TColumnMapping,
  type TJobSettings,
  type TKafkaDestination,
  type TSource,
  joinDestinationSecrets,
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

/** The column mapping as stored: ordered rows, key column and number handling on the sync. */
export function storedColumnMapping(row: {
  columnMappings: Array<{ sourceColumn: string; targetColumn: string }>;
  messageKeyColumn: string | null;
  bigNumbersAs: string;
}): TColumnMapping | null {
  if (row.columnMappings.length === 0) return null;
  return ZColumnMappingViewSchema.parse({
    rows: row.columnMappings.map(({ sourceColumn, targetColumn }) => ({ sourceColumn, targetColumn })),
    keyColumn: row.messageKeyColumn,
    bigNumbersAs: row.bigNumbersAs,
  });
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

  const storedSecrets = Object.fromEntries(KAFKA_SECRET_FIELDS.map((field) => [field, open(field)]));
  const destination = joinDestinationSecrets(ZKafkaDestinationInputSchema.parse(row.destinationConfig), storedSecrets);

  let source: TSource | null = null;
  if (row.sourceType && row.sourceConfig) {
    const config = row.sourceConfig as Loose;
    const password = open(SOURCE_PASSWORD_FIELD);
    source = ZSourceInputSchema.parse(password === undefined ? config : { ...config, password });
  }

  return {
    id: row.id,
    name: row.name,
    destination,
    source,
    columnMapping: storedColumnMapping(row),
    jobSettings: ZJobSettingsSchema.parse({ ...DEFAULT_JOB_SETTINGS, ...(row.jobSettings as Loose) }),
  };
}
