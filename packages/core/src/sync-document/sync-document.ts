import { z } from 'zod';
import { ZColumnMappingSchema } from '../column-mapping.ts';
import { storableText } from '../storable-text.ts';
import { kafkaDestinationSchema } from '../destination/kafka-destination.ts';
import { DATABASE_CONNECTION_FIELDS, requireTableOrQuery, ZDelimitedSourceSchema } from '../source.ts';
import { DEFAULT_JOB_SETTINGS, ZJobSettingsSchema } from '../source-input.ts';
import { ZSyncDescriptionSchema, ZSyncNameSchema } from '../sync.ts';
import { ZSecretReferenceSchema } from './secret-reference.ts';

/**
 * Syncs as code: a sync in a file an operator keeps in git and applies to any install.
 * Versioned like Kubernetes objects (`apiVersion`, `kind`), so later settings (schedules,
 * listeners) are new keys of `spec`; unknown keys at the top levels are rejected, so a typo is
 * an error rather than a setting silently left out.
 */
export const SYNC_DOCUMENT_API_VERSION = 'tributary/v1';

const ZApiVersionSchema = z.literal(SYNC_DOCUMENT_API_VERSION, {
  error: `apiVersion must be ${SYNC_DOCUMENT_API_VERSION}`,
});

const optionalSecret = ZSecretReferenceSchema.optional();

/** The destination with each secret as a `${NAME}` reference (or left out: the stored one stays). */
export const ZKafkaDestinationDocumentSchema = kafkaDestinationSchema(() => optionalSecret);

const { fileId: _fileId, type: _type, ...delimitedOptions } = ZDelimitedSourceSchema.shape;

/**
 * A delimited file by the name it was uploaded under: uploads are stored per install, so whoever
 * applies the document supplies the file (the CLI's `--file NAME=PATH`).
 */
const ZDelimitedSourceDocumentSchema = z.object({
  type: z.literal('delimited-file'),
  file: z
    .string({ error: 'file is required: the name of the delimited file' })
    .trim()
    .min(1, 'file is required: the name of the delimited file')
    .max(255, 'file must be at most 255 characters')
    .superRefine(storableText('file')),
  ...delimitedOptions,
});

const databaseSourceDocument = <Type extends 'postgresql' | 'mysql'>(type: Type) =>
  z
    .object({ type: z.literal(type), ...DATABASE_CONNECTION_FIELDS, password: optionalSecret })
    .superRefine(requireTableOrQuery);

export const ZSourceDocumentSchema = z.discriminatedUnion(
  'type',
  [ZDelimitedSourceDocumentSchema, databaseSourceDocument('postgresql'), databaseSourceDocument('mysql')],
  { error: 'Source type must be delimited-file, postgresql or mysql' },
);

export const ZSyncDocumentSchema = z.strictObject({
  apiVersion: ZApiVersionSchema,
  kind: z.literal('Sync'),
  metadata: z.strictObject({ name: ZSyncNameSchema, description: ZSyncDescriptionSchema }),
  /** In the order of the sync editor's tabs. */
  spec: z.strictObject({
    source: ZSourceDocumentSchema.nullable().default(null),
    destination: ZKafkaDestinationDocumentSchema,
    columnMapping: ZColumnMappingSchema.nullable().default(null),
    /** The Sync Actions tab: settings of the sync's batch jobs. */
    jobSettings: ZJobSettingsSchema.default(DEFAULT_JOB_SETTINGS),
  }),
});
export type TSyncDocumentInput = z.input<typeof ZSyncDocumentSchema>;
export type TSyncDocument = z.output<typeof ZSyncDocumentSchema>;

export const ZSyncListDocumentSchema = z.strictObject({
  apiVersion: ZApiVersionSchema,
  kind: z.literal('SyncList'),
  items: z.array(ZSyncDocumentSchema).superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.metadata.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'metadata', 'name'],
          message: `The data sync "${item.metadata.name}" is listed twice (items ${first} and ${index})`,
        });
      }
      seen.set(item.metadata.name, index);
    });
  }),
});
export type TSyncListDocumentInput = z.input<typeof ZSyncListDocumentSchema>;

/** What `apply` takes and `export` writes: one sync, or a list of them. */
export const ZSyncsDocumentSchema = z.discriminatedUnion('kind', [ZSyncDocumentSchema, ZSyncListDocumentSchema], {
  error: 'kind must be Sync or SyncList',
});
export type TSyncsDocumentInput = z.input<typeof ZSyncsDocumentSchema>;
export type TSyncsDocument = z.output<typeof ZSyncsDocumentSchema>;

/** The syncs of a document, each with the path prefix its field errors carry. */
export function syncDocumentItems(document: TSyncsDocument): Array<{ item: TSyncDocument; path: string }> {
  return document.kind === 'Sync'
    ? [{ item: document, path: 'document' }]
    : document.items.map((item, index) => ({ item, path: `document.items.${index}` }));
}
