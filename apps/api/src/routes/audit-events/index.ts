import { ZApiErrorSchema, ZAuditEventListResponseSchema, ZAuditEventQuerySchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const auditEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      preValidation: app.requireRole('admin'),
      schema: {
        summary: 'The audit trail, newest first, filtered by action, actor, target and time',
        tags: ['audit'],
        querystring: ZAuditEventQuerySchema,
        response: { 200: ZAuditEventListResponseSchema, 400: ZApiErrorSchema, 403: ZApiErrorSchema },
      },
    },
    async (request) => ({ events: await app.services.audit.list(request.query) }),
  );
};

export default auditEventRoutes;
