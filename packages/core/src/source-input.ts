import { z } from 'zod';
import { ZSecretStatusSchema } from './destination/kafka-destination.ts';
import { ZColumnMappingSchema } from './column-mapping.ts';
import { storableText } from './storable-text.ts';
import { ZDelimitedSourceSchema, ZMysqlSourceSchema, ZPostgresSourceSchema } from './source.ts';

/** A sync's source as the Source tab saves it; a blank database password keeps the stored one. */
export const ZSourceInputSchema = z.discriminatedUnion(
  'type',
  [ZDelimitedSourceSchema, ZPostgresSourceSchema, ZMysqlSourceSchema],
  { error: 'Source type must be delimited-file, postgresql or mysql' },
);
export type TSourceInput = z.input<typeof ZSourceInputSchema>;
export type TSource = z.output<typeof ZSourceInputSchema>;
export const SOURCE_TYPES = ['delimited-file', 'postgresql', 'mysql'] as const;
export type TSourceType = (typeof SOURCE_TYPES)[number];

/** An uploaded source file (`POST /api/source-files` answer, and the file of a delimited source). */
export const ZSourceFileViewSchema = z.object({
  fileId: z.uuid(),
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type TSourceFileView = z.infer<typeof ZSourceFileViewSchema>;

/** Query of `POST /api/source-files`: the name of the file as the user picked it. */
export const ZSourceFileUploadQuerySchema = z.object({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, 'name is required')
    .max(255, 'name must be at most 255 characters')
    .superRefine(storableText('name')),
});
export type TSourceFileUploadQuery = z.input<typeof ZSourceFileUploadQuerySchema>;

const ZDelimitedSourceViewSchema = ZDelimitedSourceSchema.extend({
  /** Name and size of the stored file; null when it was deleted. */
  file: ZSourceFileViewSchema.nullable(),
});

const databaseViewFields = {
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  password: ZSecretStatusSchema,
  useSsl: z.boolean(),
  table: z.string().optional(),
  query: z.string().optional(),
};

/** The source as the API shows it: the password only as set or not set. */
export const ZSourceViewSchema = z.discriminatedUnion('type', [
  ZDelimitedSourceViewSchema,
  z.object({ type: z.literal('postgresql'), ...databaseViewFields }),
  z.object({ type: z.literal('mysql'), ...databaseViewFields }),
]);
export type TSourceView = z.infer<typeof ZSourceViewSchema>;

/** Settings of the batch jobs a sync runs. */
export const ZJobSettingsSchema = z.object({
  compression: z.enum(['none', 'gzip'], { error: 'Compression must be none or gzip' }).default('none'),
  /** The job fails once more rows than this failed; null means no limit. */
  errorLimit: z.number().int().min(0, 'Error Limit cannot be negative').nullable().default(null),
  /** Rows read, produced and acknowledged together; also the most a crash can duplicate. */
  batchSize: z
    .number()
    .int()
    .min(1, 'Batch Size must be at least 1')
    .max(50_000, 'Batch Size must be at most 50000')
    .default(1_000),
});
export type TJobSettings = z.output<typeof ZJobSettingsSchema>;
export const DEFAULT_JOB_SETTINGS: TJobSettings = { compression: 'none', errorLimit: null, batchSize: 1_000 };

/** `POST /api/sources/test` and `POST /api/sources/columns`. */
export const ZSourceRequestSchema = z.object({
  source: ZSourceInputSchema,
  /** The sync whose stored password fills a blank one (see stored-secret-reuse.ts). */
  syncId: z.uuid().optional(),
});
export type TSourceRequest = z.input<typeof ZSourceRequestSchema>;

export const ZSourceTestResponseSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  hint: z.string().optional(),
});
export type TSourceTestResponse = z.infer<typeof ZSourceTestResponseSchema>;

export const ZDiscoveredColumnSchema = z.object({ name: z.string(), type: z.string() });
export type TDiscoveredColumn = z.infer<typeof ZDiscoveredColumnSchema>;

/** Sample values are shown as JSON would carry them (big numbers and decimals as strings). */
export const ZSourceColumnsResponseSchema = z.object({
  columns: z.array(ZDiscoveredColumnSchema),
  sampleRows: z.array(z.record(z.string(), z.unknown())),
});
export type TSourceColumnsResponse = z.infer<typeof ZSourceColumnsResponseSchema>;

/** `POST /api/syncs/preview`: the messages the first rows produce, before anything runs. */
export const ZSyncPreviewRequestSchema = z.object({
  source: ZSourceInputSchema,
  columnMapping: ZColumnMappingSchema,
  syncId: z.uuid().optional(),
  limit: z.number().int().min(1, 'Limit must be 1–100').max(100, 'Limit must be 1–100').default(10),
});
export type TSyncPreviewRequest = z.input<typeof ZSyncPreviewRequestSchema>;

export const ZSyncPreviewResponseSchema = z.object({
  messages: z.array(z.object({ rowNumber: z.number().int(), key: z.string().nullable(), value: z.string() })),
  errors: z.array(z.object({ rowNumber: z.number().int(), reason: z.string() })),
});
export type TSyncPreviewResponse = z.infer<typeof ZSyncPreviewResponseSchema>;
