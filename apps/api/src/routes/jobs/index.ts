import { Readable } from 'node:stream';
import {
  ZApiErrorSchema,
  ZIdParamsSchema,
  ZJobDetailSchema,
  ZJobErrorsQuerySchema,
  ZJobErrorsResponseSchema,
  ZJobListQuerySchema,
  ZJobListResponseSchema,
  ZJobLogsResponseSchema,
  ZJobStartRequestSchema,
  ZJobSummarySchema,
} from '@tributary/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { actorOf, type SyncIdOf } from '../../plugins/app/authentication.ts';
import { bodySyncId } from '../../plugins/app/body-sync-permission.ts';

const errors = { 400: ZApiErrorSchema, 403: ZApiErrorSchema, 404: ZApiErrorSchema };

const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  // A job is as visible as its sync. A malformed id is left to the route's validation; an unknown
  // one answers 404 here, so the handlers never look for a missing job again.
  const syncOfJob: SyncIdOf = async (request) => {
    const id = z.uuid().safeParse((request.params as { id?: unknown }).id);
    if (!id.success) return { field: 'params.id', value: undefined };
    const syncId = await app.services.jobs.syncIdOf(id.data);
    if (!syncId) throw new AppError('NOT_FOUND', `No job with id ${id.data}`);
    return { field: 'params.id', value: syncId };
  };
  const mayView = app.requireSyncPermission('view', syncOfJob);
  const mayRun = app.requireSyncPermission('run', syncOfJob);

  app.get(
    '/',
    {
      schema: {
        summary: 'List jobs, newest first',
        tags: ['jobs'],
        querystring: ZJobListQuerySchema,
        response: { 200: ZJobListResponseSchema, ...errors },
      },
    },
    async (request) => ({ jobs: await app.services.jobs.list(request.query, actorOf(request)) }),
  );

  app.post(
    '/',
    {
      preValidation: app.requireSyncPermission('run', bodySyncId),
      schema: {
        summary: 'Start a job (Jobs > Start a Job): queued for a worker, answered at once',
        tags: ['jobs'],
        body: ZJobStartRequestSchema,
        response: { 201: ZJobSummarySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.services.jobs.start(request.body.syncId, actorOf(request))),
  );

  app.get(
    '/:id',
    {
      preValidation: mayView,
      schema: {
        summary: 'A job with its progress and throughput',
        tags: ['jobs'],
        params: ZIdParamsSchema,
        response: { 200: ZJobDetailSchema, ...errors },
      },
    },
    async (request) => app.services.jobs.get(request.params.id),
  );

  app.post(
    '/:id/cancel',
    {
      preValidation: mayRun,
      schema: {
        summary: 'Cancel a job; what was already produced stays',
        tags: ['jobs'],
        params: ZIdParamsSchema,
        response: { 200: ZJobSummarySchema, ...errors },
      },
    },
    async (request) => app.services.jobs.cancel(request.params.id, actorOf(request)),
  );

  app.get(
    '/:id/errors',
    {
      preValidation: mayView,
      schema: {
        summary: 'The rows a job could not produce',
        tags: ['jobs'],
        params: ZIdParamsSchema,
        querystring: ZJobErrorsQuerySchema,
        response: { 200: ZJobErrorsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.jobs.errors(request.params.id, request.query),
  );

  app.get(
    '/:id/errors.csv',
    {
      preValidation: mayView,
      schema: {
        summary: 'The errored rows as a CSV download',
        tags: ['jobs'],
        params: ZIdParamsSchema,
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="job-${request.params.id}-errors.csv"`)
        .send(Readable.from(app.services.jobs.errorsCsv(request.params.id)));
    },
  );

  app.get(
    '/:id/logs',
    {
      preValidation: mayView,
      schema: {
        summary: 'The execution log of a job',
        tags: ['jobs'],
        params: ZIdParamsSchema,
        response: { 200: ZJobLogsResponseSchema, ...errors },
      },
    },
    async (request) => app.services.jobs.logs(request.params.id),
  );
};

export default jobRoutes;
