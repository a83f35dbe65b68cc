import { createHash, randomBytes } from 'node:crypto';
import type { TSessionUser } from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';

/** Signed in for at most 12 hours, and signed out after 2 idle hours: the app holds production credentials. */
const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** lastSeenAt moves at most once a minute, so reading pages does not write a row per request. */
const TOUCH_AFTER_MS = 60 * 1000;

const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export interface NewSession {
  /** Goes into the cookie only; the table keeps its hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: TSessionUser;
}

export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService({ db }: { db: Pick<DbClient, 'session'> }) {
  return {
    async create(
      tx: Pick<Prisma.TransactionClient, 'session'>,
      userId: string,
      client: { ip: string | null; userAgent: string | null },
    ): Promise<NewSession> {
      const token = randomToken();
      const csrfToken = randomToken();
      const now = Date.now();
      const expiresAt = new Date(now + SESSION_LIFETIME_MS);
      // Sessions nobody came back for are swept here, since only a visit removes one otherwise.
      await tx.session.deleteMany({
        where: {
          OR: [{ expiresAt: { lte: new Date(now) } }, { lastSeenAt: { lte: new Date(now - SESSION_IDLE_MS) } }],
        },
      });
      await tx.session.create({
        data: { id: sessionIdOf(token), userId, csrfToken, expiresAt, ip: client.ip, userAgent: client.userAgent },
      });
      return { token, csrfToken, expiresAt };
    },

    /** The session a cookie names, if it is current and its user may still sign in. */
    async resolve(token: string): Promise<ResolvedSession | null> {
      const id = sessionIdOf(token);
      const session = await db.session.findUnique({ where: { id }, include: { user: true } });
      if (!session) return null;
      const now = Date.now();
      const isExpired = session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now;
      if (isExpired || session.user.isDisabled) {
        await db.session.deleteMany({ where: { id } });
        return null;
      }
      if (session.lastSeenAt.getTime() + TOUCH_AFTER_MS <= now) {
        await db.session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
      }
      const { user } = session;
      return {
        sessionId: id,
        csrfToken: session.csrfToken,
        user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
      };
    },

    async end(token: string, tx: Pick<Prisma.TransactionClient, 'session'> = db): Promise<void> {
      await tx.session.deleteMany({ where: { id: sessionIdOf(token) } });
    },
  };
}
