import { z } from 'zod';
import { storableText } from './storable-text.ts';
import { ZSyncAccessSchema } from './auth/permissions.ts';
import { ZColumnMappingSchema, ZColumnMappingViewSchema } from './column-mapping.ts';
import { ZKafkaDestinationInputSchema, ZKafkaDestinationViewSchema } from './destination/kafka-destination.ts';
import { DEFAULT_JOB_SETTINGS, ZJobSettingsSchema, ZSourceInputSchema, ZSourceViewSchema } from './source-input.ts';

export const ZSyncNameSchema = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(200, 'Name must be at most 200 characters')
  .superRefine(storableText('Name'));

export const ZSyncDescriptionSchema = z
  .string({ error: 'Description must be text' })
  .trim()
  .max(2_000, 'Description must be at most 2000 characters')
  .superRefine(storableText('Description', 'text'))
  .default('');

/** `POST /api/syncs` and `PUT /api/syncs/:id`: a blank secret keeps the stored one. */
export const ZSyncSaveRequestSchema = z.object({
  name: ZSyncNameSchema,
  description: ZSyncDescriptionSchema,
  destination: ZKafkaDestinationInputSchema,
  source: ZSourceInputSchema.nullable().default(null),
  columnMapping: ZColumnMappingSchema.nullable().default(null),
  jobSettings: ZJobSettingsSchema.default(DEFAULT_JOB_SETTINGS),
});
export type TSyncSaveRequest = z.input<typeof ZSyncSaveRequestSchema>;

/** A data sync as the API shows it: secrets only as set or not set. */
export const ZSyncViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  destination: ZKafkaDestinationViewSchema,
  source: ZSourceViewSchema.nullable(),
  columnMapping: ZColumnMappingViewSchema.nullable(),
  jobSettings: ZJobSettingsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** What the current user may do with this sync. */
  access: ZSyncAccessSchema,
});
export type TSyncView = z.infer<typeof ZSyncViewSchema>;

export const ZSyncSummarySchema = ZSyncViewSchema.pick({
  id: true,
  name: true,
  description: true,
  updatedAt: true,
  access: true,
}).extend({
  destinationType: z.string(),
  topic: z.string(),
  sourceType: z.string().nullable(),
});
export type TSyncSummary = z.infer<typeof ZSyncSummarySchema>;

export const ZSyncListResponseSchema = z.object({ syncs: z.array(ZSyncSummarySchema) });
export type TSyncListResponse = z.infer<typeof ZSyncListResponseSchema>;

export const ZIdParamsSchema = z.object({ id: z.uuid('id must be a UUID') });
