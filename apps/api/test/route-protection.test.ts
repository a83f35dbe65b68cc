import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../src/testing.ts';
import { grantPermissions } from './grant-permissions.ts';

/** The contract's anonymous routes; anything else under /api must answer 401 without a session. */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'GET /api/health/ready',
  'GET /api/health/live',
  'GET /api/openapi.json',
  'GET /api/auth/status',
  'POST /api/auth/first-admin',
  'POST /api/auth/sign-in',
  'GET /api/auth/session',
];
const ADMIN_ONLY = ['/api/users', '/api/groups', '/api/audit-events'];
const SOME_ID = '5b0e6f0e-8a70-4a8c-9b51-3f1f2f0c9d11';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(inject('testEnv'));
});
afterAll(() => server?.stop());

const apiRoutes = () => server.app.routeTable.filter((route) => route.url === '/api' || route.url.startsWith('/api/'));
const concreteUrl = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id).replace(/\*/g, 'x');
const withoutHead = (method: string) => method !== 'HEAD';

async function newSync(name: string): Promise<string> {
  const created = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: {
      name,
      destination: {
        type: 'kafka-topic',
        bootstrapServers: 'localhost:9092',
        topic: name,
        sasl: { mechanism: 'NONE' },
      },
    },
  });
  expect(created.statusCode).toBe(201);
  return created.json().id;
}

describe('the route table', () => {
  it('has the contract’s public routes and no other', () => {
    const isPublic = apiRoutes()
      .filter((route) => route.isPublic && withoutHead(route.method))
      .map((route) => `${route.method} ${route.url}`);
    expect(new Set(isPublic)).toEqual(new Set(PUBLIC_ROUTES));
  });

  it('serves nothing but the UI’s files outside /api', () => {
    const others = server.app.routeTable.filter((route) => !route.url.startsWith('/api'));
    expect(others.filter((route) => !['GET', 'HEAD'].includes(route.method))).toEqual([]);
  });

  it('answers 401 to an anonymous request on every other /api route', async () => {
    const guarded = apiRoutes().filter((route) => !route.isPublic);
    expect(guarded.length).toBeGreaterThan(15);
    for (const route of guarded) {
      const response = await server.anonymous({
        method: route.method as 'GET',
        url: concreteUrl(route.url, SOME_ID),
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) && { payload: {} }),
      });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
      if (route.method !== 'HEAD')
        expect(response.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Sign in to use Tributary' });
    }
  });

  it('guards API routes reached through an encoded or unusual path over real HTTP', async () => {
    for (const path of ['/%61pi/syncs', '/api/%73yncs', '/api//syncs', '/api/syncs/', '/api/syncs?x=1', '/api/Syncs']) {
      const response = await fetch(`${server.url}${path}`);
      expect([401, 404], `${path} answered ${response.status}`).toContain(response.status);
    }
  });

  it('answers 403 to a non-admin on every user, group and audit route', async () => {
    const operator = await server.createUser('operator');
    const adminRoutes = apiRoutes().filter(
      (route) => withoutHead(route.method) && ADMIN_ONLY.some((prefix) => route.url.startsWith(prefix)),
    );
    expect(adminRoutes.length).toBeGreaterThanOrEqual(11);
    for (const route of adminRoutes) {
      const response = await operator.inject({
        method: route.method as 'GET',
        url: concreteUrl(route.url, operator.id),
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) && { payload: {} }),
      });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
      });
    }
  });
});

describe('every sync-scoped route', () => {
  const syncRoutes = () =>
    apiRoutes().filter((route) => route.url.startsWith('/api/syncs/:id') && withoutHead(route.method));

  it('declares the permission it needs', () => {
    const routes = syncRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const route of routes) {
      expect({ route: `${route.method} ${route.url}`, has: route.syncPermission !== undefined }).toEqual({
        route: `${route.method} ${route.url}`,
        has: true,
      });
    }
  });

  it('answers 404 to a user who may not view the sync, 403 to one lacking the permission, and lets a holder through', async () => {
    const stranger = await server.createUser('operator', 'Stranger');
    const lacking = await server.createUser('operator', 'Lacking');
    const holder = await server.createUser('operator', 'Holder');
    for (const [index, route] of syncRoutes().entries()) {
      const needed = route.syncPermission!;
      const syncId = await newSync(`scoped-${index}`);
      const others = (['view', 'edit', 'run', 'manage'] as const).filter((p) => p !== needed);
      await grantPermissions(server, syncId, [
        ...(needed === 'view' ? [] : [{ user: lacking, permissions: others }]),
        { user: holder, permissions: [needed] },
      ]);
      const call = (user: TestUser) =>
        user.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url, syncId),
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) && { payload: {} }),
        });
      const label = `${route.method} ${route.url} (${needed})`;

      const hidden = await call(stranger);
      expect({ label, status: hidden.statusCode, body: hidden.json() }).toEqual({
        label,
        status: 404,
        body: { code: 'NOT_FOUND', message: `No data sync with id ${syncId}` },
      });
      if (needed !== 'view') {
        const refused = await call(lacking);
        expect({ label, status: refused.statusCode, code: refused.json().code }).toEqual({
          label,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      const allowed = await call(holder);
      // An empty body fails validation; what matters is that the request got past the check.
      expect({ label, isPast: [200, 201, 204, 400].includes(allowed.statusCode) }).toEqual({ label, isPast: true });
      if (allowed.statusCode === 400) expect(allowed.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('does not let a user reach another user’s sync by guessing its id', async () => {
    const alice = await server.createUser('operator', 'Alice');
    const bob = await server.createUser('operator', 'Bob');
    const created = await alice.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: 'alice-only',
        destination: { type: 'kafka-topic', bootstrapServers: 'localhost', topic: 'a', sasl: { mechanism: 'NONE' } },
      },
    });
    const id = created.json().id;
    expect(created.json().access).toEqual({ canView: true, canEdit: true, canRun: true, canManage: true });

    const guessed = await bob.inject({ method: 'GET', url: `/api/syncs/${id}` });
    const missing = await bob.inject({ method: 'GET', url: `/api/syncs/${SOME_ID}` });
    expect(guessed.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(guessed.json().message.replace(id, 'ID')).toBe(missing.json().message.replace(SOME_ID, 'ID'));
    expect((await bob.inject({ method: 'GET', url: '/api/syncs' })).json().syncs).toEqual([]);
    const overwritten = await bob.inject({
      method: 'PUT',
      url: `/api/syncs/${id}`,
      payload: {
        name: 'taken',
        destination: { type: 'kafka-topic', bootstrapServers: 'localhost', topic: 'b', sasl: { mechanism: 'NONE' } },
      },
    });
    expect(overwritten.statusCode).toBe(404);
    expect((await alice.inject({ method: 'GET', url: `/api/syncs/${id}` })).json().name).toBe('alice-only');
  });
});
