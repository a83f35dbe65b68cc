import type { DbClient, Prisma } from '@tributary/db';

/*
 * Guessing stays slow, yet nobody can lock out an account they do not own:
 * - per account and address together, and per address across accounts, a few failures are free,
 *   then each further attempt waits a delay that doubles with every failure (429 + Retry-After);
 * - per account across all addresses, failures only slow every attempt down a little, the
 *   owner's included, and never refuse it: a correct password from an address that is not itself
 *   throttled signs in, however hard the account is attacked from elsewhere;
 * - an admin can clear an account's failures (Users screen).
 */

/** Failures older than this are forgotten. */
export const SIGN_IN_WINDOW_MS = 60 * 60 * 1000;
/** One person mistyping their own password. */
const FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
/** An office behind one NAT mistypes more, across accounts; a sprayer of one password hits it. */
const FREE_FAILURES_PER_ADDRESS = 20;
const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15 * 60 * 1000;
/** Guesses from many addresses at one account: held back, never refused. */
const FREE_FAILURES_PER_ACCOUNT = 10;
const FIRST_SLOWDOWN_MS = 250;
const MAX_SLOWDOWN_MS = 4_000;

/** How long after the latest of `failures` the next attempt must wait. */
export function delayAfterFailures(failures: number): number {
  return growing(failures, FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS, FIRST_DELAY_MS, MAX_DELAY_MS);
}

/** The same for failures from one address, across accounts. */
export function addressDelayAfterFailures(failures: number): number {
  return growing(failures, FREE_FAILURES_PER_ADDRESS, FIRST_DELAY_MS, MAX_DELAY_MS);
}

/** How long an attempt on an account with `failures` from anywhere is held before its answer. */
export function accountSlowdown(failures: number): number {
  return growing(failures, FREE_FAILURES_PER_ACCOUNT, FIRST_SLOWDOWN_MS, MAX_SLOWDOWN_MS);
}

function growing(failures: number, free: number, first: number, max: number): number {
  if (failures < free) return 0;
  // 2^20 already exceeds every cap; the bound keeps the power finite.
  return Math.min(first * 2 ** Math.min(failures - free, 20), max);
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

type Reservation = { attemptId: string; slowdownMs: number } | { retryAfterSeconds: number };

export function createSignInLimiter({ db }: { db: Pick<DbClient, 'signInFailure'> }) {
  /** Milliseconds from `now` until the failures matching `where` allow another attempt. */
  async function waitFor(
    where: Prisma.SignInFailureWhereInput,
    delayAfter: (failures: number) => number,
    now: Date,
  ): Promise<number> {
    const failures = await db.signInFailure.count({ where });
    const delay = delayAfter(failures);
    if (delay === 0) return 0;
    const latest = await db.signInFailure.findFirst({ where, orderBy: { at: 'desc' }, select: { at: true } });
    return latest ? Math.max(0, latest.at.getTime() + delay - now.getTime()) : 0;
  }

  return {
    /**
     * Records the attempt as a failure before the password is checked, then counts: parallel
     * guesses all see each other's rows, so no burst gets more than the free failures through. A
     * refused attempt takes its row back, so waiting out the answer is enough.
     */
    async reserve(email: string, ip: string): Promise<Reservation> {
      const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
      await db.signInFailure.deleteMany({ where: { at: { lt: since } } });
      const attempt = await db.signInFailure.create({ data: { email, ip } });
      // The database's clock, the one that stamped every row.
      const now = attempt.at;
      const others = { id: { not: attempt.id }, at: { gte: since } };
      const waitMs = Math.max(
        await waitFor({ ...others, email, ip }, delayAfterFailures, now),
        await waitFor({ ...others, ip }, addressDelayAfterFailures, now),
      );
      if (waitMs > 0) {
        await db.signInFailure.deleteMany({ where: { id: attempt.id } });
        return { retryAfterSeconds: Math.ceil(waitMs / 1000) };
      }
      const accountFailures = await db.signInFailure.count({ where: { ...others, email } });
      return { attemptId: attempt.id, slowdownMs: accountSlowdown(accountFailures) };
    },

    /**
     * The attempt failed: its delay runs from now, when the answer goes out, however long the
     * password check took.
     */
    async recordFailure(tx: Pick<Prisma.TransactionClient, '$executeRaw'>, attemptId: string): Promise<void> {
      await tx.$executeRaw`update sign_in_failures set at = clock_timestamp() where id = ${attemptId}::uuid`;
    },

    /**
     * A successful sign-in forgives its own address's failures on the account, this attempt's
     * included; failures from other addresses stay, or the owner signing in would reset an
     * attacker's throttle.
     */
    async forgive(
      tx: Pick<Prisma.TransactionClient, 'signInFailure'>,
      email: string,
      ip: string,
      attemptId: string,
    ): Promise<void> {
      await tx.signInFailure.deleteMany({ where: { OR: [{ email, ip }, { id: attemptId }] } });
    },

    /** Recent failures per account email, for the admin's Users screen. */
    async failuresByEmail(emails: string[]): Promise<Map<string, number>> {
      const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
      const groups = await db.signInFailure.groupBy({
        by: ['email'],
        where: { email: { in: emails }, at: { gte: since } },
        _count: { _all: true },
      });
      return new Map(groups.map((group) => [group.email, group._count._all]));
    },

    /** An admin's clearing of an account: every failure against it, from every address. */
    async clearAccount(tx: Pick<Prisma.TransactionClient, 'signInFailure'>, email: string): Promise<number> {
      return (await tx.signInFailure.deleteMany({ where: { email } })).count;
    },
  };
}
