import { z } from 'zod';
import { storableText } from '../storable-text.ts';
import { ZVariableNameSchema } from './secret-reference.ts';
import { ZSyncsDocumentSchema } from './sync-document.ts';

/** `GET /api/syncs/export` and `GET /api/syncs/:id/export`. */
export const ZSyncExportQuerySchema = z.object({
  format: z.enum(['yaml', 'json'], { error: 'format must be yaml or json' }).default('yaml'),
});
export type TSyncExportFormat = z.output<typeof ZSyncExportQuerySchema>['format'];

/**
 * `POST /api/syncs/apply`: creates or updates each sync of the document by name, all of them or
 * none. The caller resolves the document's `${NAME}` references (the server never reads its own
 * environment for them) and uploads its delimited files first (`POST /api/source-files`).
 */
export const ZSyncApplyRequestSchema = z.object({
  document: ZSyncsDocumentSchema,
  /** Validate and show the differences; change nothing. */
  dryRun: z.boolean({ error: 'dryRun must be true or false' }).default(false),
  /** The value of each variable the document's secrets refer to. */
  variables: z
    .record(
      ZVariableNameSchema,
      z
        .string()
        .max(100_000, 'A variable’s value must be at most 100000 characters')
        .superRefine(storableText('A variable’s value', 'raw')),
    )
    .default({}),
  /** Upload id of each delimited file, by the name the document gives it. */
  files: z
    .record(
      z.string().min(1).max(255, 'A file name must be at most 255 characters').superRefine(storableText('A file name')),
      z.uuid('files: each value must be an upload id'),
    )
    .default({}),
});
export type TSyncApplyRequest = z.input<typeof ZSyncApplyRequestSchema>;

export const SYNC_APPLY_ACTIONS = ['create', 'update', 'unchanged'] as const;

/** A changed setting with its old and new value; a secret only as `changed`. */
export const ZSyncChangeSchema = z.union([z.literal('changed'), z.object({ from: z.unknown(), to: z.unknown() })]);

export const ZSyncApplyResultSchema = z.object({
  name: z.string(),
  action: z.enum(SYNC_APPLY_ACTIONS),
  /** By setting path (`destination.topic`, `columnMapping.rows`...). */
  changes: z.record(z.string(), ZSyncChangeSchema),
});
export type TSyncApplyResult = z.infer<typeof ZSyncApplyResultSchema>;

export const ZSyncApplyResponseSchema = z.object({
  dryRun: z.boolean(),
  results: z.array(ZSyncApplyResultSchema),
});
export type TSyncApplyResponse = z.infer<typeof ZSyncApplyResponseSchema>;
