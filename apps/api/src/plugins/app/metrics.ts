import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TApiError } from '@tributary/core';
import type { MetricsService } from '../../services/metrics/metrics-service.ts';

export interface MetricsPluginOptions {
  metrics: MetricsService;
  /** `GET /metrics` needs `Authorization: Bearer <token>`; without a token it answers 404. */
  token: string | undefined;
}

function hasToken(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export async function sendMetrics(metrics: MetricsService, reply: FastifyReply) {
  const body = await metrics.render();
  return reply.type(metrics.contentType).send(body);
}

/** Times every request by its route pattern (bounded label values), and serves `GET /metrics`. */
export default fp(async function metricsPlugin(app: FastifyInstance, options: MetricsPluginOptions) {
  app.addHook('onResponse', async (request, reply) => {
    options.metrics.observeHttpRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  const { token } = options;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!token) {
      return reply.status(404).send({
        code: 'NOT_FOUND',
        message: 'Metrics are off: set TRIBUTARY_METRICS_TOKEN (or TRIBUTARY_METRICS_PORT) to serve them',
      } satisfies TApiError);
    }
    if (!hasToken(request, token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({
          code: 'UNAUTHENTICATED',
          message: 'GET /metrics needs the bearer token set in TRIBUTARY_METRICS_TOKEN',
        } satisfies TApiError);
    }
    return sendMetrics(options.metrics, reply);
  });
});
