import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export function hasBuiltUi(webDist: string): boolean {
  return existsSync(join(webDist, 'index.html'));
}

/**
 * Serves the built UI. Paths that are neither an asset nor an API route get index.html, so
 * the browser's router handles deep links such as /syncs/42.
 */
export default fp(async function webUi(app: FastifyInstance, options: { webDist: string }) {
  await app.register(fastifyStatic, { root: options.webDist, wildcard: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') return reply.callNotFound();
    return reply.sendFile('index.html');
  });
});
