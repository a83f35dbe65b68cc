import { ZApiErrorSchema, ZConnectionTestRequestSchema, ZConnectionTestResponseSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/app/authentication.ts';
import { editOfBodySync } from '../../plugins/app/body-sync-permission.ts';

const connectionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/test',
    {
      // Testing a stored sync opens its secrets, so it takes edit on that sync; a form with no
      // sync is testing a sync about to be created, which only admins and operators may do.
      preValidation: editOfBodySync(app),
      schema: {
        summary: 'Test Connection: resolve, TCP, TLS, SASL, metadata, topic and write permission, in order',
        description:
          "Give the form's destination, a syncId, or both: a blank secret uses the sync's stored one while the form still sends it where it was stored for, else 400 naming it. Never writes a message.",
        tags: ['connections'],
        body: ZConnectionTestRequestSchema,
        response: {
          200: ZConnectionTestResponseSchema,
          400: ZApiErrorSchema,
          403: ZApiErrorSchema,
          404: ZApiErrorSchema,
        },
      },
    },
    async (request) => app.services.connectionTests.test(request.body, actorOf(request)),
  );
};

export default connectionRoutes;
