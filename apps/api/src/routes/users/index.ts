import {
  ZApiErrorSchema,
  ZIdParamsSchema,
  ZPasswordResetRequestSchema,
  ZUserCreateRequestSchema,
  ZUserListResponseSchema,
  ZUserUpdateRequestSchema,
  ZUserViewSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../plugins/app/authentication.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema, 409: ZApiErrorSchema };

/** The admin area's users; every route is admin-only. */
const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preValidation', app.requireRole('admin'));

  app.get(
    '/',
    {
      schema: {
        summary: 'List users',
        tags: ['users'],
        response: { 200: ZUserListResponseSchema, 403: ZApiErrorSchema },
      },
    },
    async () => ({ users: await app.services.users.list() }),
  );

  app.post(
    '/',
    {
      schema: {
        summary: 'Create a user',
        tags: ['users'],
        body: ZUserCreateRequestSchema,
        response: { 201: ZUserViewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.users.create(request.body, actorOf(request))),
  );

  app.get(
    '/:id',
    {
      schema: {
        summary: 'A user',
        tags: ['users'],
        params: ZIdParamsSchema,
        response: { 200: ZUserViewSchema, ...errors },
      },
    },
    async (request) => app.services.users.get(request.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Change a user’s display name, role or disabled state (disabling ends their sessions)',
        tags: ['users'],
        params: ZIdParamsSchema,
        body: ZUserUpdateRequestSchema,
        response: { 200: ZUserViewSchema, ...errors },
      },
    },
    async (request) => app.services.users.update(request.params.id, request.body, actorOf(request)),
  );

  app.post(
    '/:id/password',
    {
      schema: {
        summary: 'Set a new password for a user (ends their sessions)',
        tags: ['users'],
        params: ZIdParamsSchema,
        body: ZPasswordResetRequestSchema,
        response: { 204: z.null().describe('Password changed'), ...errors },
      },
    },
    async (request, reply) => {
      await app.services.users.resetPassword(request.params.id, request.body, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/:id/sign-in-failures',
    {
      schema: {
        summary: 'Clear the failed sign-ins against a user, from every address, ending their throttle (audited)',
        tags: ['users'],
        params: ZIdParamsSchema,
        response: { 200: ZUserViewSchema, ...errors },
      },
    },
    async (request) => app.services.users.clearSignInFailures(request.params.id, actorOf(request)),
  );
};

export default userRoutes;
