import type { TApiError, TFieldIssue } from '@tributary/core';
import { describeFieldIssues } from '@tributary/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, STATUS_BY_CODE } from '../../app-error.ts';

function toFieldIssue(context: string | undefined, instancePath: string, message: string): TFieldIssue {
  const path = instancePath.split('/').filter(Boolean).join('.');
  return { field: [context, path].filter(Boolean).join('.') || '(root)', message };
}

/** Maps every error to the API's one error shape; 5xx answers carry a request id, no internals. */
export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let body: TApiError;
    if (error instanceof AppError) {
      body = { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) =>
        toFieldIssue(error.validationContext, issue.instancePath, issue.message ?? 'is invalid'),
      );
      body = { code: 'VALIDATION_FAILED', message: `Invalid request: ${describeFieldIssues(fields)}`, fields };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, body too large, wrong content type).
      body = { code: error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', message: error.message };
      return reply.status(error.statusCode).send(body);
    } else {
      request.log.error({ err: error }, 'unexpected error');
      body = { code: 'INTERNAL', message: 'Internal error: the server log has the details.', requestId: request.id };
    }
    return reply.status(STATUS_BY_CODE[body.code]).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: TApiError = { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` };
    return reply.status(404).send(body);
  });
});
