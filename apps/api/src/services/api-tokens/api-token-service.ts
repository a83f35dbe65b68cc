import { createHash, randomBytes } from 'node:crypto';
import {
  API_TOKEN_PREFIX,
  ZApiTokenCreateRequestSchema,
  type TApiTokenCreated,
  type TApiTokenCreateRequest,
  type TApiTokenView,
  type TSessionUser,
} from '@tributary/core';
import type { DbClient } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';

/** lastUsedAt moves at most once a minute, so a script's every request does not write a row. */
const TOUCH_AFTER_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** `trb_` and four characters: enough to tell a user's tokens apart, far too few to guess the rest. */
const HINT_LENGTH = API_TOKEN_PREFIX.length + 4;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

type TokenRow = {
  id: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
};

function toView(row: TokenRow): TApiTokenView {
  return {
    id: row.id,
    name: row.name,
    hint: `${row.hint}…`,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

export interface ResolvedApiToken {
  tokenId: string;
  user: TSessionUser;
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;

export function createApiTokenService({ db }: { db: Pick<DbClient, 'apiToken' | '$transaction'> }) {
  return {
    /** The user's tokens that were not revoked, newest first (expired ones too, marked by their date). */
    async list(userId: string): Promise<TApiTokenView[]> {
      const rows = await db.apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
      return rows.map(toView);
    },

    /** A new token for the actor; the answer is the only place the token ever appears. */
    async create(request: TApiTokenCreateRequest, actor: Actor): Promise<TApiTokenCreated> {
      const body = ZApiTokenCreateRequestSchema.parse(request);
      const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const expiresAt = body.expiresInDays === null ? null : new Date(Date.now() + body.expiresInDays * DAY_MS);
      return db.$transaction(async (tx) => {
        const row = await tx.apiToken.create({
          data: {
            userId: actor.id,
            name: body.name,
            tokenHash: hashOf(token),
            hint: token.slice(0, HINT_LENGTH),
            expiresAt,
          },
        });
        await recordAudit(tx, actor, {
          action: 'api-token.create',
          targetType: 'api-token',
          targetId: row.id,
          details: { name: row.name, expiresAt: expiresAt?.toISOString() ?? null },
        });
        return { token, apiToken: toView(row) };
      });
    },

    /** Revokes one of the actor's own tokens; anyone else's answers 404 like a missing one. */
    async revoke(id: string, actor: Actor): Promise<void> {
      await db.$transaction(async (tx) => {
        const revoked = await tx.apiToken.updateMany({
          where: { id, userId: actor.id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        if (revoked.count === 0) throw new AppError('NOT_FOUND', `No API token with id ${id}`);
        const row = await tx.apiToken.findUniqueOrThrow({ where: { id } });
        await recordAudit(tx, actor, {
          action: 'api-token.revoke',
          targetType: 'api-token',
          targetId: id,
          details: { name: row.name },
        });
      });
    },

    /** The user a token acts for, if it is neither revoked nor expired and its user is enabled. */
    async resolve(token: string): Promise<ResolvedApiToken | null> {
      const row = await db.apiToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: true } });
      const now = Date.now();
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || row.user.isDisabled) {
        return null;
      }
      if (!row.lastUsedAt || row.lastUsedAt.getTime() + TOUCH_AFTER_MS <= now) {
        await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
      }
      const { user } = row;
      return {
        tokenId: row.id,
        user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
      };
    },
  };
}
