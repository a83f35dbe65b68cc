import {
  ZFirstAdminRequestSchema,
  ZSignInRequestSchema,
  type TFirstAdminRequest,
  type TSessionView,
  type TSignInRequest,
} from '@tributary/core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DbClient } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { decoyHash, hashPassword, verifyPassword } from './password.ts';
import type { NewSession, SessionService } from './session-service.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export interface Client {
  ip: string;
  userAgent: string | null;
}

export interface SignedIn {
  session: NewSession;
  view: TSessionView;
}

/** What sign-in answers for a wrong password, an unknown email or a disabled account alike. */
const WRONG_CREDENTIALS = 'Wrong email or password';

type SignInResult = SignedIn | { retryAfterSeconds: number };

export interface AuthServiceDeps {
  db: Pick<DbClient, 'user' | '$transaction'>;
  sessions: Pick<SessionService, 'create' | 'end'>;
  limiter: SignInLimiter;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({ db, sessions, limiter }: AuthServiceDeps) {
  // Ready before the first unknown email arrives, so that one is not slower than the rest.
  void decoyHash();
  return {
    async needsFirstAdmin(): Promise<boolean> {
      return (await db.user.count()) === 0;
    },

    /** Creates the first admin while no user exists, and signs them in. */
    async createFirstAdmin(request: TFirstAdminRequest, client: Client): Promise<SignedIn> {
      const body = ZFirstAdminRequestSchema.parse(request);
      const passwordHash = await hashPassword(body.password);
      return db.$transaction(async (tx) => {
        // Two first-run forms submitted at once: the lock makes the second see the first's admin.
        await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('tributary.first-admin'))`;
        if ((await tx.user.count()) > 0) {
          throw new AppError('CONFLICT', 'The first admin already exists; sign in instead');
        }
        const user = await tx.user.create({
          data: {
            email: body.email,
            displayName: body.displayName,
            role: 'admin',
            passwordHash,
            lastSignInAt: new Date(),
          },
        });
        const actor = { id: user.id, ip: client.ip };
        await recordAudit(tx, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, role: 'admin', isFirstAdmin: true, password: 'changed' },
        });
        await recordAudit(tx, actor, { action: 'auth.sign-in', targetType: 'user', targetId: user.id });
        const session = await sessions.create(tx, user.id, client);
        return {
          session,
          view: {
            user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
            csrfToken: session.csrfToken,
          },
        };
      });
    },

    /**
     * Creates the admin named by the environment when no user exists yet (unattended installs);
     * once anyone exists, the variables are ignored, so restarts never reset a password.
     */
    async ensureAdminFromEnvironment(email: string, password: string): Promise<boolean> {
      // Checked again under the lock below; this spares every later start a password hash.
      if ((await db.user.count()) > 0) return false;
      const body = ZFirstAdminRequestSchema.parse({ email, password, displayName: email });
      const passwordHash = await hashPassword(body.password);
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('tributary.first-admin'))`;
        if ((await tx.user.count()) > 0) return false;
        const user = await tx.user.create({
          data: { email: body.email, displayName: body.displayName, role: 'admin', passwordHash },
        });
        await recordAudit(
          tx,
          { id: null, ip: null },
          {
            action: 'user.create',
            targetType: 'user',
            targetId: user.id,
            details: { email: user.email, role: 'admin', isFirstAdmin: true, source: 'environment' },
          },
        );
        return true;
      });
    },

    /**
     * Checks the password (throttled per account and address, per address, and slowed per account:
     * see sign-in-limiter.ts) and opens a new session; the session the browser came with, if any,
     * ends, so a planted session id is worthless.
     */
    async signIn(request: TSignInRequest, client: Client, previousToken: string | undefined): Promise<SignInResult> {
      const body = ZSignInRequestSchema.parse(request);
      const reservation = await limiter.reserve(body.email, client.ip);
      if ('retryAfterSeconds' in reservation) return reservation;
      // Before the check, so a right and a wrong password are held back alike.
      if (reservation.slowdownMs > 0) await sleep(reservation.slowdownMs);

      const user = await db.user.findUnique({ where: { email: body.email } });
      const isMatch = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !user.passwordHash || user.isDisabled || !isMatch) {
        // The reservation stays as the failure that counts against the account and the address.
        await db.$transaction(async (tx) => {
          await limiter.recordFailure(tx, reservation.attemptId);
          await recordAudit(
            tx,
            { id: null, ip: client.ip },
            {
              action: 'auth.sign-in-failed',
              targetType: 'user',
              targetId: user?.id ?? null,
              details: { email: body.email },
            },
          );
        });
        throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }

      if (previousToken) await sessions.end(previousToken);
      return db.$transaction(async (tx) => {
        await limiter.forgive(tx, body.email, client.ip, reservation.attemptId);
        await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
        await recordAudit(
          tx,
          { id: user.id, ip: client.ip },
          { action: 'auth.sign-in', targetType: 'user', targetId: user.id },
        );
        const session = await sessions.create(tx, user.id, client);
        return {
          session,
          view: {
            user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
            csrfToken: session.csrfToken,
          },
        };
      });
    },

    async signOut(token: string, actor: { id: string; ip: string | null }): Promise<void> {
      await db.$transaction(async (tx) => {
        await sessions.end(token, tx);
        await recordAudit(tx, actor, { action: 'auth.sign-out', targetType: 'user', targetId: actor.id });
      });
    },
  };
}
