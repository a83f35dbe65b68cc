import { ZApiErrorSchema, ZConnectionTestRequestSchema, ZConnectionTestResponseSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const connectionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test',
    {
      schema: {
        summary: 'Test Connection: resolve, TCP, TLS, SASL, metadata, topic and write permission, in order',
        description:
          "Give the form's destination, a syncId, or both (blank secrets then use the sync's stored ones). Never writes a message.",
        tags: ['connections'],
        body: ZConnectionTestRequestSchema,
        response: { 200: ZConnectionTestResponseSchema, 400: ZApiErrorSchema, 404: ZApiErrorSchema },
      },
    },
    async (request) => app.services.connectionTests.test(request.body),
  );
};

export default connectionRoutes;
