import {
  ZApiErrorSchema,
  ZAuthStatusSchema,
  ZFirstAdminRequestSchema,
  ZSessionViewSchema,
  ZSignInRequestSchema,
  storableTextProblem,
} from '@tributary/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { actorOf, signedInUser } from '../../plugins/app/authentication.ts';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from '../../plugins/app/session-cookie.ts';

const inWords = (seconds: number) =>
  seconds < 60
    ? `${seconds} second${seconds === 1 ? '' : 's'}`
    : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;

const USER_AGENT_MAX_LENGTH = 500;

/** The User-Agent kept with a session, for the user's own reference: shortened, or none when it cannot be stored. */
function userAgentOf(request: FastifyRequest): string | null {
  const userAgent = request.headers['user-agent']?.slice(0, USER_AGENT_MAX_LENGTH);
  return userAgent && !storableTextProblem(userAgent, 'line') ? userAgent : null;
}

const clientOf = (request: FastifyRequest) => ({ ip: request.ip, userAgent: userAgentOf(request) });

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/status',
    {
      config: { isPublic: true },
      schema: {
        summary: 'Whether the first admin still has to be created',
        tags: ['auth'],
        response: { 200: ZAuthStatusSchema },
      },
    },
    async () => ({ needsFirstAdmin: await app.services.auth.needsFirstAdmin() }),
  );

  app.post(
    '/first-admin',
    {
      config: { isPublic: true },
      schema: {
        summary: 'Create the first admin and sign in (only while no user exists)',
        tags: ['auth'],
        body: ZFirstAdminRequestSchema,
        response: { 201: ZSessionViewSchema, 400: ZApiErrorSchema, 403: ZApiErrorSchema, 409: ZApiErrorSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await app.services.auth.createFirstAdmin(request.body, clientOf(request));
      setSessionCookie(request, reply, signedIn.session);
      return reply.status(201).send(signedIn.view);
    },
  );

  app.post(
    '/sign-in',
    {
      config: { isPublic: true },
      schema: {
        summary:
          'Sign in with email and password; failures are throttled per account and address and per address (429 with a growing Retry-After), and only slow an account down',
        tags: ['auth'],
        body: ZSignInRequestSchema,
        response: {
          200: ZSessionViewSchema,
          400: ZApiErrorSchema,
          401: ZApiErrorSchema,
          403: ZApiErrorSchema,
          429: ZApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await app.services.auth.signIn(request.body, clientOf(request), sessionTokenOf(request));
      if ('retryAfterSeconds' in result) {
        reply.header('retry-after', String(result.retryAfterSeconds));
        throw new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins from this address; try again in ${inWords(result.retryAfterSeconds)}`,
        );
      }
      setSessionCookie(request, reply, result.session);
      return result.view;
    },
  );

  app.post(
    '/sign-out',
    {
      schema: {
        summary: 'End this session',
        tags: ['auth'],
        response: { 204: z.null().describe('Signed out'), 401: ZApiErrorSchema, 403: ZApiErrorSchema },
      },
    },
    async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) await app.services.auth.signOut(token, actorOf(request));
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/session',
    {
      config: { isPublic: true },
      schema: {
        summary: 'The signed-in user and the CSRF token to send with state-changing requests',
        tags: ['auth'],
        response: { 200: ZSessionViewSchema, 401: ZApiErrorSchema },
      },
    },
    async (request) => ({ user: signedInUser(request), csrfToken: request.csrfToken ?? '' }),
  );
};

export default authRoutes;
