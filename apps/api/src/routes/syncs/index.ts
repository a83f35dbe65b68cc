import {
  ZApiErrorSchema,
  ZIdParamsSchema,
  ZSyncApplyRequestSchema,
  ZSyncApplyResponseSchema,
  ZSyncExportQuerySchema,
  ZSyncListResponseSchema,
  ZSyncPreviewRequestSchema,
  ZSyncPreviewResponseSchema,
  ZSyncSaveRequestSchema,
  ZSyncViewSchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, checkedSyncAccess, signedInUser } from '../../plugins/app/authentication.ts';
import { editOfBodySync } from '../../plugins/app/body-sync-permission.ts';
import { formatSyncDocument } from '../../services/syncs/sync-document-text.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema, 409: ZApiErrorSchema };

/** The document as text: the answer is a file, not a JSON value for the client to re-encode. */
const ZExportedDocumentSchema = z
  .string()
  .describe('A sync document (apiVersion tributary/v1, kind Sync or SyncList) as YAML or JSON text');

/** Sync documents are files: a list of many syncs with PEM certificates outgrows the 1 MiB default. */
const APPLY_BODY_LIMIT = 16 * 1024 * 1024;

const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'List the data syncs the user may view',
        tags: ['syncs'],
        response: { 200: ZSyncListResponseSchema },
      },
    },
    async (request) => ({
      syncs: await app.services.syncs.list(actorOf(request)),
    }),
  );

  app.post(
    '/',
    {
      preValidation: app.requireRole('admin', 'operator'),
      schema: {
        summary: 'Create a data sync (its creator gets every permission on it)',
        tags: ['syncs'],
        body: ZSyncSaveRequestSchema,
        response: { 201: ZSyncViewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.syncs.create(request.body, actorOf(request))),
  );

  app.post(
    '/preview',
    {
      preValidation: editOfBodySync(app),
      schema: {
        summary: 'The key and JSON the first source rows would produce, before anything runs',
        tags: ['syncs'],
        body: ZSyncPreviewRequestSchema,
        response: { 200: ZSyncPreviewResponseSchema, ...errors },
      },
    },
    async (request) => app.services.sources.preview(request.body, signedInUser(request)),
  );

  app.get(
    '/export',
    {
      schema: {
        summary: 'Every data sync you may view as one document (secrets as ${NAME} references)',
        tags: ['syncs'],
        querystring: ZSyncExportQuerySchema,
        response: { 200: ZExportedDocumentSchema, 400: ZApiErrorSchema, 409: ZApiErrorSchema },
      },
    },
    async (request, reply) => {
      const document = await app.services.syncDocuments.exportAll(actorOf(request));
      const { contentType, text } = formatSyncDocument(document, request.query.format);
      return reply.type(contentType).send(text);
    },
  );

  app.post(
    '/apply',
    {
      preValidation: app.requireRole('admin', 'operator'),
      bodyLimit: APPLY_BODY_LIMIT,
      schema: {
        summary:
          'Create or update the data syncs of a document by name, all or none (dryRun: only show the differences)',
        tags: ['syncs'],
        body: ZSyncApplyRequestSchema,
        response: { 200: ZSyncApplyResponseSchema, ...errors },
      },
    },
    async (request) => app.services.syncDocuments.apply(request.body, actorOf(request)),
  );

  app.get(
    '/:id/export',
    {
      preValidation: app.requireSyncPermission('view'),
      schema: {
        summary: 'A data sync as a document (secrets as ${NAME} references)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        querystring: ZSyncExportQuerySchema,
        response: { 200: ZExportedDocumentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const document = await app.services.syncDocuments.exportOne(request.params.id, checkedSyncAccess(request));
      const { contentType, text } = formatSyncDocument(document, request.query.format);
      return reply.type(contentType).send(text);
    },
  );

  app.get(
    '/:id',
    {
      preValidation: app.requireSyncPermission('view'),
      schema: {
        summary: 'A data sync (secrets shown as set or not set)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) => app.services.syncs.get(request.params.id, checkedSyncAccess(request)),
  );

  app.put(
    '/:id',
    {
      preValidation: app.requireSyncPermission('edit'),
      schema: {
        summary: 'Update a data sync (a blank secret keeps the stored one while it still goes where it was stored for)',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        body: ZSyncSaveRequestSchema,
        response: { 200: ZSyncViewSchema, ...errors },
      },
    },
    async (request) =>
      app.services.syncs.update(request.params.id, request.body, actorOf(request), checkedSyncAccess(request)),
  );

  app.delete(
    '/:id',
    {
      preValidation: app.requireSyncPermission('manage'),
      schema: {
        summary: 'Delete a data sync, with its jobs and listener',
        tags: ['syncs'],
        params: ZIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await app.services.syncs.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
};

export default syncRoutes;
