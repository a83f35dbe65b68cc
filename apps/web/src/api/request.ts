import { ZApiErrorSchema, type TApiError } from '@tributary/core';
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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the client knows of the session: the CSRF token the server expects on every
 * state-changing request, and who to tell when the server no longer knows us.
 */
const sessionLink: { csrfToken: string | undefined; onUnauthenticated: (() => void) | undefined } = {
  csrfToken: undefined,
  onUnauthenticated: undefined,
};

export function setCsrfToken(token: string | undefined): void {
  sessionLink.csrfToken = token;
}

/** Called on any 401 outside the sign-in calls themselves: the session ended (expired, signed out, disabled). */
export function onUnauthenticated(handler: (() => void) | undefined): void {
  sessionLink.onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** Bytes sent as they are (an uploaded file) instead of a JSON body. */
  upload?: { contentType: string; data: Blob };
  /** A 401 here is an answer (wrong password, not signed in yet), not an ended session. */
  isSessionProbe?: boolean;
}

async function send(path: string, options: RequestOptions): Promise<{ response: Response; json: unknown }> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.upload) headers['content-type'] = options.upload.contentType;
  if (method !== 'GET' && sessionLink.csrfToken) headers['x-csrf-token'] = sessionLink.csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    ...(options.upload && { body: options.upload.data }),
  });
  const json: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (response.status === 401 && !options.isSessionProbe) sessionLink.onUnauthenticated?.();
  return { response, json };
}

function toApiError(status: number, path: string, json: unknown): ApiError {
  const parsedError = ZApiErrorSchema.safeParse(json);
  return new ApiError(
    status,
    parsedError.success ? parsedError.data : { code: 'INTERNAL', message: `HTTP ${status} from ${path}` },
  );
}

/** Calls a JSON endpoint and validates the answer with the same schema the server uses. */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const { response, json } = await send(path, options);
  if (!response.ok) {
    // Health answers 503 with a health body, which the caller's schema describes.
    const parsedBody = schema.safeParse(json);
    if (parsedBody.success && !ZApiErrorSchema.safeParse(json).success) return parsedBody.data;
    throw toApiError(response.status, path, json);
  }
  return schema.parse(json);
}

/** Calls an endpoint that answers 204 No Content. */
export async function requestNoContent(path: string, options: RequestOptions = {}): Promise<void> {
  const { response, json } = await send(path, options);
  if (!response.ok) throw toApiError(response.status, path, json);
}

export const pathOf = (...segments: string[]): string =>
  `/api/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;

export function errorMessage(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
