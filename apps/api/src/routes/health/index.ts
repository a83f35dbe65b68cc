import { ZHealthResponseSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      // Load balancers and the start-up check ask without signing in.
      config: { isPublic: true },
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
