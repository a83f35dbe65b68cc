import { ZApiErrorSchema, ZConnectionTestLogSchema, ZIdParamsSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const connectionLogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id',
    {
      schema: {
        summary: 'The stored log of one connection test: every step, timings and broker error codes; no secrets',
        tags: ['connections'],
        params: ZIdParamsSchema,
        response: { 200: ZConnectionTestLogSchema, 400: ZApiErrorSchema, 404: ZApiErrorSchema },
      },
    },
    async (request) => app.services.connectionTests.getLog(request.params.id),
  );
};

export default connectionLogRoutes;
