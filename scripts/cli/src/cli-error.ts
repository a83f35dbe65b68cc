/** Exit codes: 0 done, 1 the work failed, 2 the command line or environment is wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A failure the operator can act on; its message is printed as it is, without a stack. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}
