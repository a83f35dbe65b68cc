export type EmbeddedPostgresErrorCode =
  'NO_BINARIES' | 'NO_SERVICE_USER' | 'UNREACHABLE_FOLDER' | 'MISSING_CLUSTER' | 'ORPHANED_CLUSTER' | 'START_FAILED';

/**
 * Why the embedded PostgreSQL cannot start, in words an operator can act on: the folder or the
 * user at fault and what to do. Callers print the message alone; a stack trace would only bury it.
 */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';

  constructor(
    readonly code: EmbeddedPostgresErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
