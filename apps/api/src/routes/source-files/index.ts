import { ZApiErrorSchema, ZSourceFileViewSchema } from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signedInUser } from '../../plugins/app/authentication.ts';
import { z } from 'zod';

const UPLOAD_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/octet-stream'];

const ZUploadQuerySchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(255, 'name must be at most 255 characters'),
});

const sourceFileRoutes: FastifyPluginAsyncZod = async (app) => {
  // The body stays a stream: the service writes it to the database as it arrives. Any content
  // type is taken (browsers label CSV files differently), only inside this plugin.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/',
    {
      // Uploading is the first step of creating or editing a sync's source.
      preValidation: app.requireRole('admin', 'operator'),
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        summary: 'Upload a delimited file (raw body); stored in the database for every worker',
        tags: ['sources'],
        querystring: ZUploadQuerySchema,
        consumes: UPLOAD_TYPES,
        response: { 201: ZSourceFileViewSchema, 400: ZApiErrorSchema, 403: ZApiErrorSchema, 415: ZApiErrorSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await app.services.sourceFiles.upload(
            request.query.name,
            request.body as AsyncIterable<Buffer>,
            signedInUser(request).id,
          ),
        ),
  );
};

export default sourceFileRoutes;
