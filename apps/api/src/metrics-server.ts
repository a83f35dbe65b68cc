import Fastify, { type FastifyInstance } from 'fastify';
import { sendMetrics } from './plugins/app/metrics.ts';
import type { MetricsService } from './services/metrics/metrics-service.ts';

/**
 * `/metrics` alone on a port of 127.0.0.1 (TRIBUTARY_METRICS_PORT), without a token: for worker
 * processes, which serve no API, and for scrapers on the same host or a sidecar.
 */
export async function startMetricsServer(metrics: MetricsService, port: number): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => sendMetrics(metrics, reply));
  await server.listen({ host: '127.0.0.1', port });
  return server;
}
