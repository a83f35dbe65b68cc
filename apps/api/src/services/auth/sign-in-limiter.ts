import type { DbClient, Prisma } from '@tributary/db';

/**
 * Failed sign-ins allowed in the window: few per account (guessing one password), more per
 * address (an office behind one NAT mistypes too).
 */
const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

type Reservation = { attemptId: string } | { retryAfterSeconds: number };

export function createSignInLimiter({ db }: { db: Pick<DbClient, 'signInFailure'> }) {
  /** Seconds until the `limit`-th most recent row leaves the window, or 0 when there is none. */
  async function waitFor(where: Prisma.SignInFailureWhereInput, limit: number): Promise<number> {
    const rows = await db.signInFailure.findMany({ where, orderBy: { at: 'desc' }, skip: limit - 1, take: 1 });
    const row = rows[0];
    return row ? Math.max(1, Math.ceil((row.at.getTime() + SIGN_IN_WINDOW_MS - Date.now()) / 1000)) : 0;
  }

  return {
    /**
     * Records the attempt as a failure before the password is checked, then counts: parallel
     * guesses all see each other's rows, so no burst gets more than the limit through. A refused
     * attempt takes its row back, so waiting out the answer is enough.
     */
    async reserve(email: string, ip: string): Promise<Reservation> {
      const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
      await db.signInFailure.deleteMany({ where: { at: { lt: since } } });
      const attempt = await db.signInFailure.create({ data: { email, ip } });
      const others = { id: { not: attempt.id }, at: { gte: since } };
      const retryAfterSeconds = Math.max(
        await waitFor({ ...others, email }, MAX_FAILURES_PER_ACCOUNT),
        await waitFor({ ...others, ip }, MAX_FAILURES_PER_ADDRESS),
      );
      if (retryAfterSeconds === 0) return { attemptId: attempt.id };
      await db.signInFailure.deleteMany({ where: { id: attempt.id } });
      return { retryAfterSeconds };
    },

    /** A successful sign-in forgives the account's failures, this attempt's included (not the address's others). */
    async forgive(
      tx: Pick<Prisma.TransactionClient, 'signInFailure'>,
      email: string,
      attemptId: string,
    ): Promise<void> {
      await tx.signInFailure.deleteMany({ where: { OR: [{ email }, { id: attemptId }] } });
    },
  };
}
