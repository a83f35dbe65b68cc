import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import {
  API_TOKEN_PREFIX,
  CSRF_HEADER,
  type TSessionUser,
  type TSyncAccess,
  type TSyncPermission,
  type TUserRole,
} from '@tributary/core';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { Actor } from '../../services/permissions/actor.ts';
import { allows } from '../../services/permissions/sync-access.ts';
import { sessionTokenOf } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers anonymous requests; every other /api route needs a session. */
    isPublic?: boolean;
  }
  interface FastifyRequest {
    user: TSessionUser | null;
    /** Set when the request came with an API token (`Authorization: Bearer trb_…`) instead of a session. */
    apiTokenId: string | null;
    /** The current session's CSRF token, when signed in. */
    csrfToken: string | null;
    /** The user's access to the sync a `requireSyncPermission` route is about. */
    syncAccess: TSyncAccess | null;
  }
  interface FastifyInstance {
    requireRole(...roles: TUserRole[]): preHandlerAsyncHookHandler;
    /**
     * Requires `permission` on the sync named by `:id` (or by `syncIdOf`, e.g. a body `syncId` or
     * the sync of the job named in the URL; nothing is required when its value is undefined).
     * A sync the user may not view answers 404, like one that does not exist, so ids cannot be
     * probed. Use it as `preValidation`, so the answer to someone without access does not depend
     * on the body they sent. The route table (`app.routeTable`) records the permission, and a
     * test checks every sync-scoped route has one.
     */
    requireSyncPermission(
      permission: TSyncPermission,
      syncIdOf?: SyncIdOf,
    ): preHandlerAsyncHookHandler & { syncPermission: TSyncPermission };
  }
}

/** Where a route finds the sync id, and the field name its validation error should carry. */
export type SyncIdOf = (
  request: FastifyRequest,
) => { field: string; value: unknown } | Promise<{ field: string; value: unknown }>;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WHAT_YOU_MAY_NOT: Record<TSyncPermission, string> = {
  view: 'view',
  edit: 'edit',
  run: 'run jobs or listeners of',
  manage: 'manage the permissions of',
};

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `Origin: null` (sandboxed frames, some redirects) and garbage are never this server. */
function isOriginOf(origin: string, host: string): boolean {
  return URL.canParse(origin) && new URL(origin).host === host;
}

/** The signed-in user; routes behind the authentication hook always have one. */
export function signedInUser(request: FastifyRequest): TSessionUser {
  if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in to use Tributary');
  return request.user;
}

/** The access `requireSyncPermission` checked; a route without that preHandler has none. */
export function checkedSyncAccess(request: FastifyRequest): TSyncAccess {
  if (!request.syncAccess)
    throw new Error(`${request.routeOptions.url} reads sync access without requireSyncPermission`);
  return request.syncAccess;
}

export function actorOf(request: FastifyRequest): Actor {
  return { ...signedInUser(request), ip: request.ip, apiTokenId: request.apiTokenId };
}

/**
 * For routes an API token must not reach (managing tokens): a leaked token could otherwise mint
 * new ones that outlive its revocation.
 */
export const requireSession: preHandlerAsyncHookHandler = async (request) => {
  if (request.apiTokenId) {
    throw new AppError('FORBIDDEN', 'API tokens are managed from a signed-in session, not with an API token');
  }
};

/** The token of an `Authorization: Bearer …` header; other schemes (a proxy's Basic) are not ours. */
function bearerTokenOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Who is asking: reads an API token or else the session cookie into `request.user`, refuses
 * anonymous requests to every /api route not marked `isPublic`, and checks the CSRF header of
 * state-changing requests made with a session.
 */
export default fp(async function authentication(app: FastifyInstance) {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('apiTokenId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('syncAccess', null);

  app.addHook('onRequest', async (request) => {
    // By the matched route as well as the raw URL, so an encoded path (`/%61pi/...`) that the
    // router decodes to an API route is still guarded.
    if (!isApi(request.url) && !isApi(request.routeOptions.url ?? '')) return;
    const bearer = bearerTokenOf(request);
    if (bearer !== undefined) {
      // A token is sent on purpose, never by a browser on its own: no CSRF check, and no falling
      // back to a session cookie when the token is refused.
      const resolved = bearer.startsWith(API_TOKEN_PREFIX) ? await app.services.apiTokens.resolve(bearer) : null;
      if (!resolved)
        throw new AppError(
          'UNAUTHENTICATED',
          'The API token is not valid: it was revoked, expired or mistyped, or its user is disabled',
        );
      request.user = resolved.user;
      request.apiTokenId = resolved.tokenId;
      return;
    }
    const token = sessionTokenOf(request);
    const session = token ? await app.services.sessions.resolve(token) : null;
    request.user = session?.user ?? null;
    request.csrfToken = session?.csrfToken ?? null;

    const isStateChanging = STATE_CHANGING.has(request.method);
    if (request.routeOptions.config?.isPublic) {
      // No session yet to hold a CSRF token: a browser's Origin must be this server's own.
      const origin = request.headers.origin;
      if (isStateChanging && origin && !isOriginOf(origin, request.host)) {
        throw new AppError('FORBIDDEN', `Requests from origin ${origin} are not accepted`);
      }
      return;
    }
    if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in to use Tributary');
    const sent = request.headers[CSRF_HEADER];
    if (isStateChanging && (typeof sent !== 'string' || !sameText(sent, request.csrfToken ?? ''))) {
      throw new AppError('FORBIDDEN', 'Missing or wrong CSRF token');
    }
  });

  app.decorate('requireRole', (...roles: TUserRole[]): preHandlerAsyncHookHandler => async (request) => {
    const user = signedInUser(request);
    if (!roles.includes(user.role)) {
      throw new AppError('FORBIDDEN', `Only ${roles.join(' or ')} users may do this; you are ${user.role}`);
    }
  });

  app.decorate(
    'requireSyncPermission',
    (
      permission: TSyncPermission,
      syncIdOf: SyncIdOf = (request) => ({ field: 'params.id', value: (request.params as { id?: unknown }).id }),
    ) => {
      const check: preHandlerAsyncHookHandler = async (request) => {
        const { field, value } = await syncIdOf(request);
        if (value === undefined) return;
        // Checked before the route's own validation, so refusals never depend on the body sent.
        const id = z.uuid().safeParse(value);
        if (!id.success) {
          const message = `${field.split('.').pop()} must be a UUID`;
          throw new AppError('VALIDATION_FAILED', `Invalid request: ${field}: ${message}`, [{ field, message }]);
        }
        const access = await app.services.syncAccess.accessTo(signedInUser(request), id.data);
        if (!access.canView) throw new AppError('NOT_FOUND', `No data sync with id ${id.data}`);
        if (!allows(access, permission)) {
          throw new AppError('FORBIDDEN', `You may not ${WHAT_YOU_MAY_NOT[permission]} this data sync`);
        }
        request.syncAccess = access;
      };
      return Object.assign(check, { syncPermission: permission });
    },
  );
});
