import {
  ZApiErrorSchema,
  ZConnectionTestLogSchema,
  ZConnectionTestResponseSchema,
  ZHealthResponseSchema,
  ZJobDetailSchema,
  ZJobErrorsResponseSchema,
  ZJobListResponseSchema,
  ZJobLogsResponseSchema,
  ZJobSummarySchema,
  ZSourceColumnsResponseSchema,
  ZSourceFileViewSchema,
  ZSourceTestResponseSchema,
  ZSyncListResponseSchema,
  ZSyncPreviewResponseSchema,
  ZSyncViewSchema,
  type TApiError,
  type TConnectionTestRequest,
  type TJobErrorsQuery,
  type TJobListQuery,
  type TJobStartRequest,
  type TSourceRequest,
  type TSyncPreviewRequest,
  type TSyncSaveRequest,
} from '@tributary/core';
import type { z } from 'zod';

/** A non-2xx answer of the API, carrying its parsed error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: TApiError,
  ) {
    super(body.message);
  }
}

/** Fetches a JSON endpoint and validates the answer with the same schema the server uses. */
async function request<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsedError = ZApiErrorSchema.safeParse(json);
    // Health answers 503 with a health body, which the caller's schema describes.
    const parsedBody = schema.safeParse(json);
    if (parsedBody.success && !parsedError.success) return parsedBody.data;
    throw new ApiError(
      response.status,
      parsedError.success ? parsedError.data : { code: 'INTERNAL', message: `HTTP ${response.status} from ${path}` },
    );
  }
  return schema.parse(json);
}

/** `?a=1&b=2` from the defined entries, or '' when there are none. */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The upload content types the API accepts; anything else is sent as bytes. */
const UPLOAD_TYPES = new Set(['text/csv', 'text/tab-separated-values', 'text/plain']);

const json = (method: 'POST' | 'PUT', body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const api = {
  health: () => request('/api/health', ZHealthResponseSchema),
  testConnection: (body: TConnectionTestRequest) =>
    request('/api/connections/test', ZConnectionTestResponseSchema, json('POST', body)),
  syncs: () => request('/api/syncs', ZSyncListResponseSchema),
  sync: (id: string) => request(`/api/syncs/${encodeURIComponent(id)}`, ZSyncViewSchema),
  createSync: (body: TSyncSaveRequest) => request('/api/syncs', ZSyncViewSchema, json('POST', body)),
  updateSync: (id: string, body: TSyncSaveRequest) =>
    request(`/api/syncs/${encodeURIComponent(id)}`, ZSyncViewSchema, json('PUT', body)),
  uploadSourceFile: (file: File) =>
    request(`/api/source-files${queryString({ name: file.name })}`, ZSourceFileViewSchema, {
      method: 'POST',
      headers: { 'content-type': UPLOAD_TYPES.has(file.type) ? file.type : 'application/octet-stream' },
      body: file,
    }),
  testSource: (body: TSourceRequest) => request('/api/sources/test', ZSourceTestResponseSchema, json('POST', body)),
  sourceColumns: (body: TSourceRequest) =>
    request('/api/sources/columns', ZSourceColumnsResponseSchema, json('POST', body)),
  previewSync: (body: TSyncPreviewRequest) =>
    request('/api/syncs/preview', ZSyncPreviewResponseSchema, json('POST', body)),
  jobs: (query: TJobListQuery) => request(`/api/jobs${queryString(query)}`, ZJobListResponseSchema),
  job: (id: string) => request(`/api/jobs/${encodeURIComponent(id)}`, ZJobDetailSchema),
  startJob: (body: TJobStartRequest) => request('/api/jobs', ZJobSummarySchema, json('POST', body)),
  cancelJob: (id: string) =>
    request(`/api/jobs/${encodeURIComponent(id)}/cancel`, ZJobSummarySchema, { method: 'POST' }),
  jobErrors: (id: string, query: TJobErrorsQuery) =>
    request(`/api/jobs/${encodeURIComponent(id)}/errors${queryString(query)}`, ZJobErrorsResponseSchema),
  jobLogs: (id: string) => request(`/api/jobs/${encodeURIComponent(id)}/logs`, ZJobLogsResponseSchema),
  jobErrorsCsvUrl: (id: string) => `/api/jobs/${encodeURIComponent(id)}/errors.csv`,
  connectionLog: (id: string) => request(`/api/connection-logs/${encodeURIComponent(id)}`, ZConnectionTestLogSchema),
};
