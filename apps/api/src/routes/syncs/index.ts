import {
  ZApiErrorSchema,
  ZIdParamsSchema,
  ZSyncListResponseSchema,
  ZSyncPreviewRequestSchema,
  ZSyncPreviewResponseSchema,
  ZSyncSaveRequestSchema,
  ZSyncViewSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, checkedSyncAccess, signedInUser } from '../../plugins/app/authentication.ts';
import { editOfBodySync } from '../../plugins/app/body-sync-permission.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema, 409: ZApiErrorSchema };

const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'List the data syncs the user may view',
        tags: ['syncs'],
        response: { 200: ZSyncListResponseSchema },
      },
    },
    async (request) => ({
      syncs: await app.services.syncs.list(actorOf(request)),
    }),
  );

  app.post(
    '/',
    {
      preValidation: app.requireRole('admin', 'operator'),
      schema: {
        summary: 'Create a data sync (its creator gets every permission on it)',
        tags: ['syncs'],
        body: ZSyncSaveRequestSchema,
        response: { 201: ZSyncViewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.syncs.create(request.body, actorOf(request))),
  );

  app.post(
    '/preview',
    {
      preValidation: editOfBodySync(app),
      schema: {
        summary: 'The key and JSON the first source rows would produce, before anything runs',
        tags: ['syncs'],
        body: ZSyncPreviewRequestSchema,
        response: { 200: ZSyncPreviewResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.preview(request.body, signedInUser(request)),
  );

  app.get(
    '/:id',
    {
      preValidation: app.requireSyncPermission('view'),
      schema: {
        summary: 'A data sync (secrets shown as set or not set)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) => app.services.syncs.get(request.params.id, checkedSyncAccess(request)),
  );

  app.put(
    '/:id',
    {
      preValidation: app.requireSyncPermission('edit'),
      schema: {
        summary: 'Update a data sync (a blank secret keeps the stored one while it still goes where it was stored for)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        body: ZSyncSaveRequestSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) =>
      app.services.syncs.update(request.params.id, request.body, actorOf(request), checkedSyncAccess(request)),
  );

  app.delete(
    '/:id',
    {
      preValidation: app.requireSyncPermission('manage'),
      schema: {
        summary: 'Delete a data sync, with its jobs and listener',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await app.services.syncs.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
};

export default syncRoutes;
