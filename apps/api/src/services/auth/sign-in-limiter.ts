import type { DbClient, Prisma } from '@tributary/db';

/**
 * Failed sign-ins allowed in the window: few per account (guessing one password), more per
 * address (an office behind one NAT mistypes too).
 */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

export function createSignInLimiter({ db }: { db: Pick<DbClient, 'signInFailure'> }) {
  return {
    /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
    async retryAfterSeconds(email: string, ip: string): Promise<number> {
      const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
      const waits = await Promise.all(
        [
          { where: { email, at: { gt: since } }, max: MAX_FAILURES_PER_ACCOUNT },
          { where: { ip, at: { gt: since } }, max: MAX_FAILURES_PER_ADDRESS },
        ].map(async ({ where, max }) => {
          // The max-th most recent failure leaves the window first, reopening one attempt.
          const blocking = await db.signInFailure.findMany({ where, orderBy: { at: 'desc' }, skip: max - 1, take: 1 });
          const oldest = blocking[0];
          return oldest ? Math.ceil((oldest.at.getTime() + SIGN_IN_WINDOW_MS - Date.now()) / 1000) : 0;
        }),
      );
      return Math.max(0, ...waits);
    },

    async recordFailure(email: string, ip: string): Promise<void> {
      await db.signInFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - SIGN_IN_WINDOW_MS) } } });
      await db.signInFailure.create({ data: { email, ip } });
    },

    /** A successful sign-in forgives the account's failures (not the address's). */
    async forgive(tx: Pick<Prisma.TransactionClient, 'signInFailure'>, email: string): Promise<void> {
      await tx.signInFailure.deleteMany({ where: { email } });
    },
  };
}
