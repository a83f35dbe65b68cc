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

const errors = { 400: ZApiErrorSchema, 404: ZApiErrorSchema, 409: ZApiErrorSchema };

const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { schema: { summary: 'List data syncs', tags: ['syncs'], response: { 200: ZSyncListResponseSchema } } },
    async () => ({
      syncs: await app.services.syncs.list(),
    }),
  );

  app.post(
    '/',
    {
      schema: {
        summary: 'Create a data sync',
        tags: ['syncs'],
        body: ZSyncSaveRequestSchema,
        response: { 201: ZSyncViewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.syncs.create(request.body)),
  );

  app.post(
    '/preview',
    {
      schema: {
        summary: 'The key and JSON the first source rows would produce, before anything runs',
        tags: ['syncs'],
        body: ZSyncPreviewRequestSchema,
        response: { 200: ZSyncPreviewResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.preview(request.body),
  );

  app.get(
    '/:id',
    {
      schema: {
        summary: 'A data sync (secrets shown as set or not set)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) => app.services.syncs.get(request.params.id),
  );

  app.put(
    '/:id',
    {
      schema: {
        summary: 'Update a data sync (a blank secret keeps the stored one)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        body: ZSyncSaveRequestSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) => app.services.syncs.update(request.params.id, request.body),
  );
};

export default syncRoutes;
