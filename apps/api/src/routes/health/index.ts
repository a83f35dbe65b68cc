import { ZHealthResponseSchema, ZLivenessResponseSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * Kubernetes-style probes. Liveness never touches the database, so a database restart does not
 * get the process killed; readiness (also at `/api/health`) answers 503 while the database or the
 * queue is away, so traffic waits instead.
 */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const url of ['/', '/ready']) {
    app.get(
      url,
      {
        // Load balancers and the start-up check ask without signing in.
        config: { isPublic: true },
        schema: {
          summary: 'Readiness: database and job queue status (503 while either is away)',
          tags: ['health'],
          response: { 200: ZHealthResponseSchema, 503: ZHealthResponseSchema },
        },
      },
      async (_request, reply) => {
        const health = await app.services.health.check();
        return reply.status(health.status === 'healthy' ? 200 : 503).send(health);
      },
    );
  }
  app.get(
    '/live',
    {
      config: { isPublic: true },
      schema: {
        summary: 'Liveness: the process answers (does not check the database)',
        tags: ['health'],
        response: { 200: ZLivenessResponseSchema },
      },
    },
    async () => app.services.health.live(),
  );
};

export default healthRoutes;
