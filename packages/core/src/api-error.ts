import { z } from 'zod';

export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const ZApiErrorCodeSchema = z.enum(API_ERROR_CODES);
export type TApiErrorCode = z.infer<typeof ZApiErrorCodeSchema>;

/** Body of every non-2xx answer of the API. */
export const ZApiErrorSchema = z.object({
  code: ZApiErrorCodeSchema,
  message: z.string(),
  /** One entry per rejected field, so the UI can show each message beside its field. */
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** Quote this when reporting a 5xx; the server log has the details under it. */
  requestId: z.string().optional(),
});
export type TApiError = z.infer<typeof ZApiErrorSchema>;
