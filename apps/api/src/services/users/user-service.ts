import {
  ZPasswordResetRequestSchema,
  ZUserCreateRequestSchema,
  ZUserUpdateRequestSchema,
  type TPasswordResetRequest,
  type TUserCreateRequest,
  type TUserUpdateRequest,
  type TUserView,
} from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { hashPassword } from '../auth/password.ts';
import type { SignInLimiter } from '../auth/sign-in-limiter.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';

type UserRow = {
  id: string;
  email: string;
  displayName: string;
  role: TUserView['role'];
  isDisabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

function toView(row: UserRow, failedSignIns: number): TUserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    isDisabled: row.isDisabled,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    failedSignIns,
  };
}

async function findUser(tx: Pick<Prisma.TransactionClient, 'user'>, id: string): Promise<UserRow> {
  const row = await tx.user.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', `No user with id ${id}`);
  return row;
}

export type UserService = ReturnType<typeof createUserService>;

export interface UserServiceDeps {
  db: Pick<DbClient, 'user' | '$transaction'>;
  limiter: Pick<SignInLimiter, 'failuresByEmail' | 'clearAccount'>;
}

export function createUserService({ db, limiter }: UserServiceDeps) {
  const withFailures = async (row: UserRow) =>
    toView(row, (await limiter.failuresByEmail([row.email])).get(row.email) ?? 0);

  return {
    async list(): Promise<TUserView[]> {
      const rows = await db.user.findMany({ orderBy: { email: 'asc' } });
      const failures = await limiter.failuresByEmail(rows.map((row) => row.email));
      return rows.map((row) => toView(row, failures.get(row.email) ?? 0));
    },

    async get(id: string): Promise<TUserView> {
      return withFailures(await findUser(db, id));
    },

    async create(request: TUserCreateRequest, actor: Actor): Promise<TUserView> {
      const body = ZUserCreateRequestSchema.parse(request);
      const passwordHash = await hashPassword(body.password);
      const created = await db.$transaction(async (tx) => {
        if (await tx.user.findUnique({ where: { email: body.email } })) {
          const message = `A user with email ${body.email} already exists`;
          throw new AppError('CONFLICT', message, [{ field: 'email', message }]);
        }
        const row = await tx.user.create({
          data: { email: body.email, displayName: body.displayName, role: body.role, passwordHash },
        });
        await recordAudit(tx, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          details: { email: row.email, displayName: row.displayName, role: row.role, password: 'changed' },
        });
        return row;
      });
      // Failures against an email can predate its account.
      return withFailures(created);
    },

    /** Disabling a user ends their sessions at once. */
    async update(id: string, request: TUserUpdateRequest, actor: Actor): Promise<TUserView> {
      const body = ZUserUpdateRequestSchema.parse(request);
      const updated = await db.$transaction(async (tx) => {
        // Serialises admin changes, so two admins cannot demote each other into no admin at all.
        await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('tributary.users'))`;
        const current = await findUser(tx, id);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const field of ['displayName', 'role', 'isDisabled'] as const) {
          if (body[field] !== undefined && body[field] !== current[field]) {
            changes[field] = { from: current[field], to: body[field] };
          }
        }
        const losesAdmin = current.role === 'admin' && !current.isDisabled && (changes.role || changes.isDisabled);
        if (losesAdmin && id === actor.id) {
          throw new AppError('CONFLICT', 'You cannot disable yourself or take away your own admin role');
        }
        if (losesAdmin && (await tx.user.count({ where: { role: 'admin', isDisabled: false } })) <= 1) {
          throw new AppError('CONFLICT', 'At least one enabled admin must remain');
        }
        const row = await tx.user.update({
          where: { id },
          data: { displayName: body.displayName, role: body.role, isDisabled: body.isDisabled },
        });
        // A role change needs no sign-out: every request reads the role afresh with the session.
        if (body.isDisabled === true) await tx.session.deleteMany({ where: { userId: id } });
        if (Object.keys(changes).length > 0) {
          await recordAudit(tx, actor, {
            action: 'user.update',
            targetType: 'user',
            targetId: id,
            details: { changes },
          });
        }
        return row;
      });
      return withFailures(updated);
    },

    /**
     * Forgets every failed sign-in against the account, from every address, so its owner is no
     * longer throttled or slowed; audited with how many were cleared.
     */
    async clearSignInFailures(id: string, actor: Actor): Promise<TUserView> {
      const user = await db.$transaction(async (tx) => {
        const row = await findUser(tx, id);
        const cleared = await limiter.clearAccount(tx, row.email);
        await recordAudit(tx, actor, {
          action: 'user.sign-in-failures-cleared',
          targetType: 'user',
          targetId: id,
          details: { email: row.email, cleared },
        });
        return row;
      });
      return withFailures(user);
    },

    /** Sets a new password and ends the user's sessions; the audit says only that it changed. */
    async resetPassword(id: string, request: TPasswordResetRequest, actor: Actor): Promise<void> {
      const body = ZPasswordResetRequestSchema.parse(request);
      // An unknown id answers 404 at once, not after a 64 MiB hash.
      await findUser(db, id);
      const passwordHash = await hashPassword(body.password);
      await db.$transaction(async (tx) => {
        await findUser(tx, id);
        await tx.user.update({ where: { id }, data: { passwordHash } });
        await tx.session.deleteMany({ where: { userId: id } });
        await recordAudit(tx, actor, {
          action: 'user.password-reset',
          targetType: 'user',
          targetId: id,
          details: { password: 'changed' },
        });
      });
    },
  };
}
