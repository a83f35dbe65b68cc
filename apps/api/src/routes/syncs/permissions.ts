import {
  ZApiErrorSchema,
  ZGranteeListResponseSchema,
  ZIdParamsSchema,
  ZSyncPermissionsResponseSchema,
  ZSyncPermissionsSaveRequestSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/app/authentication.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema };

/** The Permissions tab of a sync: for those with manage on it. */
const syncPermissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/permissions',
    {
      preValidation: app.requireSyncPermission('manage'),
      schema: {
        summary: 'Who may view, edit, run and manage this data sync',
        tags: ['permissions'],
        params: ZIdParamsSchema,
        response: { 200: ZSyncPermissionsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.permissions.get(request.params.id),
  );

  app.put(
    '/:id/permissions',
    {
      preValidation: app.requireSyncPermission('manage'),
      schema: {
        summary: 'Replace every grant of this data sync',
        tags: ['permissions'],
        params: ZIdParamsSchema,
        body: ZSyncPermissionsSaveRequestSchema,
        response: { 200: ZSyncPermissionsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.permissions.replace(request.params.id, request.body, actorOf(request)),
  );

  app.get(
    '/:id/grantees',
    {
      preValidation: app.requireSyncPermission('manage'),
      schema: {
        summary: 'The users and groups permissions on this data sync may be granted to',
        tags: ['permissions'],
        params: ZIdParamsSchema,
        response: { 200: ZGranteeListResponseSchema, ...errors },
      },
    },
    async () => ({ grantees: await app.services.permissions.grantees() }),
  );
};

export default syncPermissionRoutes;
