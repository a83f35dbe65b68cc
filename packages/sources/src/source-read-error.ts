/** Why a source read was refused or stopped, and which field of the source the user should change. */
export type SourceReadErrorCode =
  'OWN_DATABASE' | 'NOT_ONE_STATEMENT' | 'NO_RESULT_ROWS' | 'WRITES_DATA' | 'TIMEOUT' | 'UNREADABLE_HEADER';

/** An expected failure of a source read: the message says what to change, `field` where. */
export class SourceReadError extends Error {
  override name = 'SourceReadError';
  constructor(
    readonly code: SourceReadErrorCode,
    /** The source field at fault, as the API names it (`source.query`, `source.database`…). */
    readonly field: string,
    message: string,
    /** The driver's own error, when there is one (which side stopped a statement, for instance). */
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

/** How long one statement (or one fetch of a job's read) may run, and the setting that says so. */
export interface SourceTimeout {
  seconds: number;
  /** Named in the error, so the user knows what to raise (e.g. an environment variable). */
  setting: string;
}

export const DEFAULT_SOURCE_TIMEOUT: SourceTimeout = {
  seconds: 30,
  setting: 'TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS',
};

export function sourceTimeoutError(timeout: SourceTimeout, field: string, cause?: unknown): SourceReadError {
  return new SourceReadError(
    'TIMEOUT',
    field,
    `The source query ran longer than ${timeout.seconds} s (${timeout.setting}) and was stopped`,
    cause,
  );
}

/** The field a database source's statement comes from. */
export const statementField = (source: { query?: string | undefined }) =>
  source.query ? 'source.query' : 'source.table';
