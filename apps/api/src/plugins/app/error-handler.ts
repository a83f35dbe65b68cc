import type { TApiError, TApiErrorCode, TFieldIssue } from '@tributary/core';
import { describeFieldIssues } from '@tributary/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, STATUS_BY_CODE } from '../../app-error.ts';
import { isRejectedValue } from './rejected-value.ts';

const CODE_BY_STATUS = new Map(Object.entries(STATUS_BY_CODE).map(([code, status]) => [status, code as TApiErrorCode]));

/** Fastify's own client errors, in words a user can act on. */
function describeClientError(error: FastifyError, request: FastifyRequest): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return `The request body is larger than the ${request.routeOptions.bodyLimit ?? 'allowed'} bytes this route accepts`;
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return `Unsupported Content-Type ${request.headers['content-type']?.slice(0, 100) ?? '(none)'}: send JSON (Content-Type: application/json)`;
  }
  return error.message;
}

/**
 * Fastify's router answers a malformed percent-encoding or an overlong path segment before any
 * hook or error handler runs; this (its `frameworkErrors` option) gives those the API's shape.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A part of the URL path is too long'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid: a percent-encoded part is not UTF-8'
        : error.message;
  const body: TApiError = { code: CODE_BY_STATUS.get(status) ?? 'VALIDATION_FAILED', message };
  return reply.status(status).send(body);
}

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
      const code = CODE_BY_STATUS.get(error.statusCode) ?? 'VALIDATION_FAILED';
      body = { code, message: describeClientError(error, request) };
      return reply.status(error.statusCode).send(body);
    } else if (isRejectedValue(error)) {
      // Logged: validation let through a value the database refused, which is worth fixing.
      request.log.warn({ err: error }, 'the database refused a value of the request');
      body = {
        code: 'VALIDATION_FAILED',
        message:
          'A value in the request cannot be stored: check text for NUL or other control characters, and values for length and range',
      };
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
