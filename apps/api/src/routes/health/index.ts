import { ZHealthResponseSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'Database and job queue status',
        tags: ['health'],
        response: { 200: ZHealthResponseSchema, 503: ZHealthResponseSchema },
      },
    },
    async (_request, reply) => {
      const health = await app.services.health.check();
      return reply.status(health.status === 'healthy' ? 200 : 503).send(health);
    },
  );
};

export default healthRoutes;
