import { z } from 'zod';

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'SUCCEEDED_WITH_ERRORS', 'FAILED', 'CANCELLED'] as const;
export const ZJobStatusSchema = z.enum(JOB_STATUSES, { error: `Status must be one of ${JOB_STATUSES.join(', ')}` });
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;
/** Statuses a job never leaves. */
export const FINISHED_JOB_STATUSES: readonly TJobStatus[] = [
  'SUCCEEDED',
  'SUCCEEDED_WITH_ERRORS',
  'FAILED',
  'CANCELLED',
];

/** A job as the Jobs list shows it; counts are numbers. */
export const ZJobSummarySchema = z.object({
  id: z.uuid(),
  sync: z.object({ id: z.uuid(), name: z.string() }),
  status: ZJobStatusSchema,
  startedBy: z.object({ id: z.uuid(), email: z.string() }).nullable(),
  queuedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** Rows the source holds, where it can count them; null otherwise. */
  rowsExpected: z.number().int().nullable(),
  rowsRead: z.number().int(),
  rowsProduced: z.number().int(),
  rowsFailed: z.number().int(),
  /** Why the job failed (or was cancelled); null while it goes well. */
  errorMessage: z.string().nullable(),
  cancelRequestedAt: z.iso.datetime().nullable(),
});
export type TJobSummary = z.infer<typeof ZJobSummarySchema>;

/** `GET /api/jobs/:id`: the summary plus rows per second since it started (null before). */
export const ZJobDetailSchema = ZJobSummarySchema.extend({ throughput: z.number().nullable() });
export type TJobDetail = z.infer<typeof ZJobDetailSchema>;

export const ZJobListQuerySchema = z.object({
  syncId: z.uuid('syncId must be a UUID').optional(),
  status: ZJobStatusSchema.optional(),
});
export type TJobListQuery = z.infer<typeof ZJobListQuerySchema>;

export const ZJobListResponseSchema = z.object({ jobs: z.array(ZJobSummarySchema) });
export type TJobListResponse = z.infer<typeof ZJobListResponseSchema>;

/** `POST /api/jobs` (Jobs > Start a Job). */
export const ZJobStartRequestSchema = z.object({ syncId: z.uuid({ error: 'Choose a data sync' }) });
export type TJobStartRequest = z.infer<typeof ZJobStartRequestSchema>;

export const ZJobErrorsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0, 'offset cannot be negative').default(0),
  limit: z.coerce.number().int().min(1, 'limit must be 1–500').max(500, 'limit must be 1–500').default(50),
});
export type TJobErrorsQuery = Partial<z.output<typeof ZJobErrorsQuerySchema>>;

/** A row the job could not produce: its number in the source, its values (or raw text), why. */
export const ZJobErrorSchema = z.object({
  rowNumber: z.number().int(),
  sourceValues: z.record(z.string(), z.unknown()),
  reason: z.string(),
});
export type TJobError = z.infer<typeof ZJobErrorSchema>;

export const ZJobErrorsResponseSchema = z.object({ total: z.number().int(), errors: z.array(ZJobErrorSchema) });
export type TJobErrorsResponse = z.infer<typeof ZJobErrorsResponseSchema>;

export const ZJobLogEntrySchema = z.object({
  at: z.iso.datetime(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});
export type TJobLogEntry = z.infer<typeof ZJobLogEntrySchema>;

export const ZJobLogsResponseSchema = z.object({ entries: z.array(ZJobLogEntrySchema) });
export type TJobLogsResponse = z.infer<typeof ZJobLogsResponseSchema>;
