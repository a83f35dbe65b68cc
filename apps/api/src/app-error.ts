import type { TApiErrorCode, TFieldIssue } from '@tributary/core';

/** HTTP status of each error code; the only place codes meet statuses. */
export const STATUS_BY_CODE: Record<TApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An expected failure, with a message the user can act on. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: TApiErrorCode,
    message: string,
    readonly fields?: TFieldIssue[],
  ) {
    super(message);
  }

  get statusCode(): number {
    return STATUS_BY_CODE[this.code];
  }
}
