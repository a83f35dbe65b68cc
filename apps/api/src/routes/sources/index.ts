import {
  ZApiErrorSchema,
  ZSourceColumnsResponseSchema,
  ZSourceRequestSchema,
  ZSourceTestResponseSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signedInUser } from '../../plugins/app/authentication.ts';
import { editOfBodySync } from '../../plugins/app/body-sync-permission.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema };

const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test',
    {
      preValidation: editOfBodySync(app),
      schema: {
        summary: 'Test Connection of a source: reachable, credentials, the query or file parses',
        tags: ['sources'],
        body: ZSourceRequestSchema,
        response: { 200: ZSourceTestResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.test(request.body.source, signedInUser(request), request.body.syncId),
  );

  app.post(
    '/columns',
    {
      preValidation: editOfBodySync(app),
      schema: {
        summary: 'Column names and types of a source, with a sample of rows',
        tags: ['sources'],
        body: ZSourceRequestSchema,
        response: { 200: ZSourceColumnsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.columns(request.body.source, signedInUser(request), request.body.syncId),
  );
};

export default sourceRoutes;
