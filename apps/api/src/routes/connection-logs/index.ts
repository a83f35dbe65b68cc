import { ZApiErrorSchema, ZConnectionTestLogSchema, ZIdParamsSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/app/authentication.ts';

const connectionLogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id',
    {
      schema: {
        summary:
          'The stored log of one connection test: every step, timings and broker error codes; no secrets. Needs view on its sync (or, without a sync, to be the one who ran it)',
        tags: ['connections'],
        params: ZIdParamsSchema,
        response: { 200: ZConnectionTestLogSchema, 400: ZApiErrorSchema, 404: ZApiErrorSchema },
      },
    },
    async (request) => app.services.connectionTests.getLog(request.params.id, actorOf(request)),
  );
};

export default connectionLogRoutes;
