import {
  ZApiErrorSchema,
  ZGroupCreateRequestSchema,
  ZGroupListResponseSchema,
  ZGroupMembersRequestSchema,
  ZGroupUpdateRequestSchema,
  ZGroupViewSchema,
  ZIdParamsSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../plugins/app/authentication.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema, 409: ZApiErrorSchema };

/** Groups and their members; every route is admin-only. */
const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preValidation', app.requireRole('admin'));

  app.get(
    '/',
    {
      schema: {
        summary: 'List groups with their members',
        tags: ['groups'],
        response: { 200: ZGroupListResponseSchema, 403: ZApiErrorSchema },
      },
    },
    async () => ({ groups: await app.services.groups.list() }),
  );

  app.post(
    '/',
    {
      schema: {
        summary: 'Create a group',
        tags: ['groups'],
        body: ZGroupCreateRequestSchema,
        response: { 201: ZGroupViewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.groups.create(request.body, actorOf(request))),
  );

  app.get(
    '/:id',
    {
      schema: {
        summary: 'A group',
        tags: ['groups'],
        params: ZIdParamsSchema,
        response: { 200: ZGroupViewSchema, ...errors },
      },
    },
    async (request) => app.services.groups.get(request.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Rename a group or change its description',
        tags: ['groups'],
        params: ZIdParamsSchema,
        body: ZGroupUpdateRequestSchema,
        response: { 200: ZGroupViewSchema, ...errors },
      },
    },
    async (request) => app.services.groups.update(request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/:id',
    {
      schema: {
        summary: 'Delete a group (its grants go with it)',
        tags: ['groups'],
        params: ZIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await app.services.groups.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/:id/members',
    {
      schema: {
        summary: 'Replace the members of a group',
        tags: ['groups'],
        params: ZIdParamsSchema,
        body: ZGroupMembersRequestSchema,
        response: { 200: ZGroupViewSchema, ...errors },
      },
    },
    async (request) => app.services.groups.setMembers(request.params.id, request.body, actorOf(request)),
  );
};

export default groupRoutes;
