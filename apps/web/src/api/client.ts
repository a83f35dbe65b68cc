import {
  ZApiErrorSchema,
  ZConnectionTestLogSchema,
  ZConnectionTestResponseSchema,
  ZHealthResponseSchema,
  ZSyncListResponseSchema,
  ZSyncViewSchema,
  type TApiError,
  type TSyncSaveRequest,
  type TConnectionTestRequest,
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
  connectionLog: (id: string) => request(`/api/connection-logs/${encodeURIComponent(id)}`, ZConnectionTestLogSchema),
};
