import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI document is generated from the routes' zod schemas, never written by hand. */
export default fp(async function openapi(app: FastifyInstance, options: { version: string }) {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tributary API', version: options.version },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { config: { isPublic: true }, schema: { hide: true } }, async () => app.swagger());
});
