import { ZApiErrorSchema, ZSourceFileUploadQuerySchema, ZSourceFileViewSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { AppError } from '../../app-error.ts';
import { signedInUser } from '../../plugins/app/authentication.ts';

const UPLOAD_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/octet-stream'];

/** Bodies that are not a file's bytes: stored as they are, they would be garbage as a source. */
const NOT_A_FILE = /^\s*(application\/json|application\/x-www-form-urlencoded|multipart\/)/i;

const sourceFileRoutes: FastifyPluginAsyncZod = async (app) => {
  // The body stays a stream: the service writes it to the database as it arrives. Any content
  // type is taken (browsers label CSV files differently), only inside this plugin; JSON, forms
  // and multipart are refused in the handler, after authentication.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/',
    {
      // Uploading is the first step of creating or editing a sync's source.
      preValidation: app.requireRole('admin', 'operator'),
      schema: {
        summary: 'Upload a delimited file (raw body); stored in the database for every worker',
        description: 'The body is the file itself; its size is limited by TRIBUTARY_UPLOAD_MAX_BYTES (413 beyond).',
        tags: ['sources'],
        querystring: ZSourceFileUploadQuerySchema,
        consumes: UPLOAD_TYPES,
        response: {
          201: ZSourceFileViewSchema,
          400: ZApiErrorSchema,
          403: ZApiErrorSchema,
          413: ZApiErrorSchema,
          415: ZApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const contentType = request.headers['content-type'] ?? '';
      if (NOT_A_FILE.test(contentType)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the file's bytes as the request body (Content-Type text/csv or application/octet-stream), not ${contentType.split(';')[0]}`,
          [{ field: 'file', message: 'The body must be the file itself' }],
        );
      }
      // Without a body Fastify calls no parser; an empty file is refused like any other.
      const body = request.body instanceof Readable ? request.body : Readable.from([]);
      const declared = request.headers['content-length'];
      try {
        const view = await app.services.sourceFiles.upload(
          request.query.name,
          // Stopping early must not destroy the socket: the 413 still has to reach the client.
          body.iterator({ destroyOnReturn: false }),
          signedInUser(request).id,
          declared === undefined ? undefined : Number(declared),
        );
        return await reply.status(201).send(view);
      } catch (error) {
        // The rest of an oversized body is not read; closing the connection stops the sender.
        if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') reply.header('connection', 'close');
        throw error;
      }
    },
  );
};

export default sourceFileRoutes;
