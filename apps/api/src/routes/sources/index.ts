import {
  ZApiErrorSchema,
  ZSourceColumnsResponseSchema,
  ZSourceRequestSchema,
  ZSourceTestResponseSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const errors = { 400: ZApiErrorSchema, 404: ZApiErrorSchema };

const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test',
    {
      schema: {
        summary: 'Test Connection of a source: reachable, credentials, the query or file parses',
        tags: ['sources'],
        body: ZSourceRequestSchema,
        response: { 200: ZSourceTestResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.test(request.body.source, request.body.syncId),
  );

  app.post(
    '/columns',
    {
      schema: {
        summary: 'Column names and types of a source, with a sample of rows',
        tags: ['sources'],
        body: ZSourceRequestSchema,
        response: { 200: ZSourceColumnsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.columns(request.body.source, request.body.syncId),
  );
};

export default sourceRoutes;
