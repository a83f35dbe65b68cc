import {
  ZApiErrorSchema,
  ZApiTokenCreatedSchema,
  ZApiTokenCreateRequestSchema,
  ZApiTokenListResponseSchema,
  ZIdParamsSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSession, signedInUser } from '../../plugins/app/authentication.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema };

/** The signed-in user's own API tokens; managed with a session only, never with a token. */
const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preValidation', requireSession);

  app.get(
    '/',
    {
      schema: {
        summary: 'Your API tokens (not the tokens themselves, which are shown only once)',
        tags: ['api-tokens'],
        response: { 200: ZApiTokenListResponseSchema, 403: ZApiErrorSchema },
      },
    },
    async (request) => ({ tokens: await app.services.apiTokens.list(signedInUser(request).id) }),
  );

  app.post(
    '/',
    {
      schema: {
        summary: 'Create an API token with your role and permissions; the answer is the only time it is shown',
        tags: ['api-tokens'],
        body: ZApiTokenCreateRequestSchema,
        response: { 201: ZApiTokenCreatedSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.services.apiTokens.create(request.body, actorOf(request))),
  );

  app.delete(
    '/:id',
    {
      schema: {
        summary: 'Revoke one of your API tokens; requests with it answer 401 from then on',
        tags: ['api-tokens'],
        params: ZIdParamsSchema,
        response: { 204: z.null().describe('Revoked'), ...errors },
      },
    },
    async (request, reply) => {
      await app.services.apiTokens.revoke(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
};

export default apiTokenRoutes;
