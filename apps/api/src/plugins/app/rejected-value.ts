import { Prisma } from '@tributary/db';

/** Prisma's codes for a value the column cannot take: too long, wrong type, out of range. */
const PRISMA_VALUE_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2020', 'P2023', 'P2033']);

/**
 * Whether PostgreSQL (or Prisma before it) refused a value as sent: SQLSTATE class 22, "data
 * exception" (NUL in text 22021, `\u0000` in jsonb 22P05, bad JSON 22P02, too long 22001...).
 * Input validation should have caught it first; this is the backstop that answers 400, not 500.
 */
export function isRejectedValue(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (PRISMA_VALUE_CODES.has(error.code)) return true;
  const adapterError = error.meta?.driverAdapterError as { cause?: { originalCode?: unknown } } | undefined;
  const sqlState = adapterError?.cause?.originalCode;
  return typeof sqlState === 'string' && sqlState.startsWith('22');
}
