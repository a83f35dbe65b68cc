import type { TSyncPermission } from '@tributary/core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

export interface RouteEntry {
  method: string;
  url: string;
  isPublic: boolean;
  /** The permission `requireSyncPermission` demands on the route, if it has that check. */
  syncPermission: TSyncPermission | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, so tests can check each one is protected. */
    routeTable: readonly RouteEntry[];
  }
}

function syncPermissionOf(route: RouteOptions): TSyncPermission | undefined {
  const hooks = [route.preValidation, route.preHandler].flat().filter(Boolean);
  for (const hook of hooks) {
    const permission = (hook as { syncPermission?: TSyncPermission }).syncPermission;
    if (permission) return permission;
  }
  return undefined;
}

/** Records routes through Fastify's `onRoute` hook; registered first, so it sees all of them. */
export default fp(async function routeTable(app: FastifyInstance) {
  const entries: RouteEntry[] = [];
  app.decorate('routeTable', entries);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      entries.push({
        method,
        url: route.url,
        isPublic: route.config?.isPublic === true,
        syncPermission: syncPermissionOf(route),
      });
    }
  });
});
