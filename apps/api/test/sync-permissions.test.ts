import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type Inject, type TestServer, type TestUser } from '../src/testing.ts';
import { queryRows } from './db-rows.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(inject('testEnv'));
});
afterAll(() => server?.stop());

const NONE = { canView: false, canEdit: false, canRun: false, canManage: false };
const VIEW = { ...NONE, canView: true };
const ALL = { canView: true, canEdit: true, canRun: true, canManage: true };

const destination = (topic: string, overrides: object = {}) => ({
  type: 'kafka-topic',
  bootstrapServers: '127.0.0.1:1',
  topic,
  sasl: { mechanism: 'NONE' },
  ...overrides,
});

async function createSync(as: Inject, name: string, overrides: object = {}): Promise<string> {
  const created = await as({
    method: 'POST',
    url: '/api/syncs',
    payload: { name, destination: destination(name, overrides) },
  });
  expect(created.statusCode).toBe(201);
  return created.json().id;
}

type Grant = { type: 'user' | 'group'; id: string } & Partial<typeof ALL>;
const putGrants = (as: Inject, syncId: string, grants: Grant[]) =>
  as({
    method: 'PUT',
    url: `/api/syncs/${syncId}/permissions`,
    payload: { grants: grants.map(({ type, id, ...flags }) => ({ grantee: { type, id }, ...NONE, ...flags })) },
  });

const status = async (as: Inject, method: 'GET' | 'PUT', url: string, payload?: object) =>
  (await as({ method, url, ...(payload && { payload }) })).statusCode;

describe('per-sync permissions', () => {
  let operator: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    operator = await server.createUser('operator', 'Owen Operator');
    viewer = await server.createUser('viewer', 'Vera Viewer');
  });

  it('lists only the syncs a user may view, each with what they may do', async () => {
    const shared = await createSync(server.inject, 'list-shared');
    await createSync(server.inject, 'list-private');
    const own = await createSync(operator.inject, 'list-own');
    expect(
      (await putGrants(server.inject, shared, [{ type: 'user', id: operator.id, canView: true }])).statusCode,
    ).toBe(200);

    const listed = (await operator.inject({ method: 'GET', url: '/api/syncs' })).json().syncs;
    expect(listed.map((sync: { name: string; access: object }) => [sync.name, sync.access])).toEqual([
      ['list-own', ALL],
      ['list-shared', VIEW],
    ]);
    expect((await operator.inject({ method: 'GET', url: `/api/syncs/${shared}` })).json().access).toEqual(VIEW);
    const adminList = (await server.inject({ method: 'GET', url: '/api/syncs' })).json().syncs;
    expect(adminList.find((sync: { id: string }) => sync.id === own).access).toEqual(ALL);
    expect(adminList.map((sync: { name: string }) => sync.name)).toEqual(
      expect.arrayContaining(['list-own', 'list-private', 'list-shared']),
    );
  });

  it('gives the creator all four permissions, shown in the Permissions tab', async () => {
    const id = await createSync(operator.inject, 'creator-grants');
    const permissions = await operator.inject({ method: 'GET', url: `/api/syncs/${id}/permissions` });
    expect(permissions.json()).toEqual({
      grants: [
        {
          id: expect.any(String),
          grantee: { type: 'user', id: operator.id, name: `Owen Operator <${operator.email}>` },
          ...ALL,
        },
      ],
    });
    const rows = await queryRows(server.databaseUrl, 'select created_by_id from syncs where id = $1', [id]);
    expect(rows[0]?.created_by_id).toBe(operator.id);
  });

  it('grants through a group, and removing the member or the grant takes effect at once', async () => {
    const member = await server.createUser('operator', 'Grace Member');
    const id = await createSync(server.inject, 'group-granted');
    const group = (await server.inject({ method: 'POST', url: '/api/groups', payload: { name: 'editors' } })).json();
    const members = await server.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/members`,
      payload: { userIds: [member.id] },
    });
    expect(members.json().members).toEqual([{ id: member.id, email: member.email, displayName: 'Grace Member' }]);
    expect(await status(member.inject, 'GET', `/api/syncs/${id}`)).toBe(404);

    await putGrants(server.inject, id, [{ type: 'group', id: group.id, canView: true, canEdit: true }]);
    const seen = await member.inject({ method: 'GET', url: `/api/syncs/${id}` });
    expect(seen.json().access).toEqual({ ...VIEW, canEdit: true });
    const renamed = await member.inject({
      method: 'PUT',
      url: `/api/syncs/${id}`,
      payload: {
        name: 'group-granted',
        description: 'edited through the group',
        destination: destination('group-granted'),
      },
    });
    expect(renamed.statusCode).toBe(200);
    expect(await status(member.inject, 'GET', `/api/syncs/${id}/permissions`)).toBe(403);

    // A user's own view grant and the group's edit grant add up.
    await putGrants(server.inject, id, [
      { type: 'group', id: group.id, canEdit: true },
      { type: 'user', id: member.id, canRun: true },
    ]);
    expect((await member.inject({ method: 'GET', url: `/api/syncs/${id}` })).json().access).toEqual({
      ...VIEW,
      canEdit: true,
      canRun: true,
    });

    await server.inject({ method: 'PUT', url: `/api/groups/${group.id}/members`, payload: { userIds: [] } });
    expect((await member.inject({ method: 'GET', url: `/api/syncs/${id}` })).json().access).toEqual({
      ...VIEW,
      canRun: true,
    });

    await putGrants(server.inject, id, []);
    expect(await status(member.inject, 'GET', `/api/syncs/${id}`)).toBe(404);
    expect((await member.inject({ method: 'GET', url: '/api/syncs' })).json().syncs).toEqual([]);
  });

  it('drops a group’s grants with the group', async () => {
    const member = await server.createUser('viewer');
    const id = await createSync(server.inject, 'group-deleted');
    const group = (
      await server.inject({ method: 'POST', url: '/api/groups', payload: { name: 'short-lived' } })
    ).json();
    await server.inject({ method: 'PUT', url: `/api/groups/${group.id}/members`, payload: { userIds: [member.id] } });
    await putGrants(server.inject, id, [{ type: 'group', id: group.id, canView: true }]);
    expect(await status(member.inject, 'GET', `/api/syncs/${id}`)).toBe(200);
    expect((await server.inject({ method: 'DELETE', url: `/api/groups/${group.id}` })).statusCode).toBe(204);
    expect(await status(member.inject, 'GET', `/api/syncs/${id}`)).toBe(404);
  });

  it('keeps a viewer read-only whatever was granted, and does not let them create syncs', async () => {
    const id = await createSync(server.inject, 'viewer-capped');
    await putGrants(server.inject, id, [{ type: 'user', id: viewer.id, ...ALL }]);
    expect((await viewer.inject({ method: 'GET', url: `/api/syncs/${id}` })).json().access).toEqual(VIEW);
    expect(await status(viewer.inject, 'PUT', `/api/syncs/${id}`, { name: 'x', destination: destination('x') })).toBe(
      403,
    );
    const created = await viewer.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: 'v', destination: destination('v') },
    });
    expect(created.statusCode).toBe(403);
    expect(created.json().message).toBe('Only admin or operator users may do this; you are viewer');
  });

  it('rejects grants naming unknown users or groups, and repeated grantees', async () => {
    const id = await createSync(server.inject, 'bad-grants');
    const unknown = '0b5f5c39-1f2e-4f52-9a54-5d7c7f0e9c01';
    const response = await putGrants(server.inject, id, [
      { type: 'user', id: operator.id, canView: true },
      { type: 'group', id: unknown, canView: true },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'grants.1.grantee.id', message: `No group with id ${unknown}` }]);
    const repeated = await putGrants(server.inject, id, [
      { type: 'user', id: operator.id, canView: true },
      { type: 'user', id: operator.id, canEdit: true },
    ]);
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().fields).toEqual([
      { field: 'body.grants', message: 'Each user or group may appear only once' },
    ]);
  });

  it('lets a manager list grantees and replace grants, recorded in the audit trail', async () => {
    const id = await createSync(operator.inject, 'managed');
    const grantees = (await operator.inject({ method: 'GET', url: `/api/syncs/${id}/grantees` })).json().grantees;
    expect(grantees).toEqual(
      expect.arrayContaining([{ type: 'user', id: viewer.id, name: `Vera Viewer <${viewer.email}>` }]),
    );
    const replaced = await putGrants(operator.inject, id, [
      { type: 'user', id: operator.id, ...ALL },
      { type: 'user', id: viewer.id, canView: true },
    ]);
    expect(replaced.statusCode).toBe(200);
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?action=sync.permissions&targetId=${id}` })
    ).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { id: operator.id, email: operator.email },
      targetType: 'sync',
      details: {
        before: [{ grantee: { type: 'user', id: operator.id }, ...ALL }],
        after: expect.arrayContaining([{ grantee: expect.objectContaining({ id: viewer.id }), ...VIEW }]),
      },
    });
  });

  it('lets a manager delete a sync, and nobody else', async () => {
    const id = await createSync(operator.inject, 'to-delete');
    const editor = await server.createUser('operator');
    await putGrants(operator.inject, id, [
      { type: 'user', id: operator.id, ...ALL },
      { type: 'user', id: editor.id, canView: true, canEdit: true, canRun: true },
    ]);
    expect((await editor.inject({ method: 'DELETE', url: `/api/syncs/${id}` })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'DELETE', url: `/api/syncs/${id}` })).statusCode).toBe(204);
    expect(await status(server.inject, 'GET', `/api/syncs/${id}`)).toBe(404);
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?action=sync.delete&targetId=${id}` })
    ).json().events;
    expect(events).toEqual([expect.objectContaining({ details: { name: 'to-delete' } })]);
  });
});

describe('connection tests and their logs', () => {
  it('needs edit on a stored sync to test it, and admin or operator to test a form', async () => {
    const owner = await server.createUser('operator');
    const onlyViews = await server.createUser('operator');
    const viewer = await server.createUser('viewer');
    const id = await createSync(owner.inject, 'tested');
    await putGrants(owner.inject, id, [
      { type: 'user', id: owner.id, ...ALL },
      { type: 'user', id: onlyViews.id, canView: true },
    ]);
    const testSync = (as: Inject) => as({ method: 'POST', url: '/api/connections/test', payload: { syncId: id } });
    expect((await testSync(onlyViews.inject)).statusCode).toBe(403);
    expect((await testSync(viewer.inject)).statusCode).toBe(403);
    const stranger = await server.createUser('operator');
    expect((await testSync(stranger.inject)).statusCode).toBe(404);

    const tested = await testSync(owner.inject);
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({ isSuccessful: false, failedStep: 'tcp' });
    const logUrl = `/api/connection-logs/${tested.json().logId}`;
    expect(await status(onlyViews.inject, 'GET', logUrl)).toBe(200);
    expect(await status(stranger.inject, 'GET', logUrl)).toBe(404);

    const form = {
      method: 'POST' as const,
      url: '/api/connections/test',
      payload: { destination: destination('form') },
    };
    expect((await viewer.inject(form)).statusCode).toBe(403);
    const formTest = await stranger.inject(form);
    expect(formTest.statusCode).toBe(200);
    const formLog = `/api/connection-logs/${formTest.json().logId}`;
    expect(await status(stranger.inject, 'GET', formLog)).toBe(200);
    expect(await status(owner.inject, 'GET', formLog)).toBe(404);
    expect(await status(server.inject, 'GET', formLog)).toBe(200);
  });
});

describe('audit trail', () => {
  it('records what changed in a sync, secrets only as "changed"', async () => {
    const editor = await server.createUser('operator', 'Ed');
    const secret = 'first-secret-password-1';
    const plain = { mechanism: 'PLAIN', username: 'svc', password: secret };
    const id = await createSync(editor.inject, 'audited', { sasl: plain });
    const updated = await editor.inject({
      method: 'PUT',
      url: `/api/syncs/${id}`,
      payload: {
        name: 'audited',
        destination: destination('audited-2', { sasl: { ...plain, password: 'second-secret-password-2' } }),
      },
    });
    expect(updated.statusCode).toBe(200);
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?targetType=sync&targetId=${id}` })
    ).json().events;
    expect(events.map((event: { action: string }) => event.action)).toEqual(['sync.update', 'sync.create']);
    expect(events[0].details).toEqual({
      changes: {
        'destination.topic': { from: 'audited', to: 'audited-2' },
        'destination.sasl.password': 'changed',
      },
    });
    expect(events[1].details.changes['destination.sasl.password']).toBe('changed');
    const stored = JSON.stringify(await queryRows(server.databaseUrl, 'select * from audit_events'));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain('second-secret-password-2');
  });

  it('filters by action, action prefix, actor, target and time, newest first, and pages with before', async () => {
    const actor = await server.createUser('operator', 'Filter Actor');
    const first = await createSync(actor.inject, 'filtered-1');
    const second = await createSync(actor.inject, 'filtered-2');
    const byActor = (await server.inject({ method: 'GET', url: `/api/audit-events?actorId=${actor.id}` })).json()
      .events;
    expect(byActor.map((event: { action: string; targetId: string }) => [event.action, event.targetId])).toEqual([
      ['sync.create', second],
      ['sync.create', first],
      ['auth.sign-in', actor.id],
    ]);
    const byTarget = (
      await server.inject({ method: 'GET', url: `/api/audit-events?targetType=sync&targetId=${first}` })
    ).json().events;
    expect(byTarget.map((event: { action: string }) => event.action)).toEqual(['sync.create']);

    const page = (
      await server.inject({ method: 'GET', url: `/api/audit-events?actorId=${actor.id}&action=sync.*&limit=1` })
    ).json().events;
    expect(page.map((event: { targetId: string }) => event.targetId)).toEqual([second]);
    const next = (
      await server.inject({
        method: 'GET',
        url: `/api/audit-events?actorId=${actor.id}&action=sync.*&limit=1&before=${encodeURIComponent(page[0].at)}`,
      })
    ).json().events;
    expect(next.map((event: { targetId: string }) => event.targetId)).toEqual([first]);

    const at = encodeURIComponent(page[0].at);
    const window = (
      await server.inject({ method: 'GET', url: `/api/audit-events?actorId=${actor.id}&from=${at}&to=${at}` })
    )
      .json()
      .events.map((event: { targetId: string }) => event.targetId);
    expect(window).toEqual([second]);
    const bad = await server.inject({ method: 'GET', url: '/api/audit-events?limit=0&from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([
      { field: 'querystring.from', message: 'from must be an ISO-8601 date-time' },
      { field: 'querystring.limit', message: 'limit must be at least 1' },
    ]);
  });
});
