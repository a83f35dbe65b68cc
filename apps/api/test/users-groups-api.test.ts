import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(inject('testEnv'));
});
afterAll(() => server?.stop());

const adminId = async () => (await server.inject({ method: 'GET', url: '/api/auth/session' })).json().user.id;

describe('users (admin)', () => {
  it('creates a user, refuses a second with the same email, and lists them', async () => {
    const payload = {
      email: 'Nia@Example.com',
      displayName: 'Nia',
      role: 'operator',
      password: 'a long new passphrase',
    };
    const created = await server.inject({ method: 'POST', url: '/api/users', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: expect.any(String),
      email: 'nia@example.com',
      displayName: 'Nia',
      role: 'operator',
      isDisabled: false,
      lastSignInAt: null,
      createdAt: expect.any(String),
      failedSignIns: 0,
    });
    const again = await server.inject({
      method: 'POST',
      url: '/api/users',
      payload: { ...payload, email: 'nia@example.com' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields).toEqual([
      { field: 'email', message: 'A user with email nia@example.com already exists' },
    ]);
    const users = (await server.inject({ method: 'GET', url: '/api/users' })).json().users;
    expect(users.map((user: { email: string }) => user.email)).toContain('nia@example.com');
    expect((await server.inject({ method: 'GET', url: `/api/users/${created.json().id}` })).json().email).toBe(
      'nia@example.com',
    );
  });

  it('names each rejected field of a new user', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'x', displayName: ' ', role: 'root', password: 'short' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { field: 'body.email', message: 'Email must be an email address like name@example.com' },
      { field: 'body.displayName', message: 'Display name is required' },
      { field: 'body.role', message: 'Role must be admin, operator or viewer' },
      { field: 'body.password', message: 'Password must be at least 12 characters' },
    ]);
  });

  it('changes the role and name, recording from and to in the audit trail', async () => {
    const user = await server.createUser('viewer', 'Before');
    const updated = await server.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { role: 'operator', displayName: 'After' },
    });
    expect(updated.json()).toMatchObject({ role: 'operator', displayName: 'After' });
    // Their session stays, and its very next request carries the new role.
    expect((await user.inject({ method: 'GET', url: '/api/auth/session' })).json().user).toMatchObject({
      role: 'operator',
      displayName: 'After',
    });
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?action=user.update&targetId=${user.id}` })
    ).json().events;
    expect(events).toEqual([
      expect.objectContaining({
        details: {
          changes: { role: { from: 'viewer', to: 'operator' }, displayName: { from: 'Before', to: 'After' } },
        },
      }),
    ]);
  });

  it('keeps an enabled admin: none may disable or demote themselves', async () => {
    const id = await adminId();
    for (const payload of [{ isDisabled: true }, { role: 'viewer' }]) {
      const response = await server.inject({ method: 'PATCH', url: `/api/users/${id}`, payload });
      expect(response.statusCode).toBe(409);
      expect(response.json().message).toBe('You cannot disable yourself or take away your own admin role');
    }
    const second = await server.createUser('admin');
    expect(
      (await second.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'operator' } })).statusCode,
    ).toBe(200);
    await second.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'admin' } });
  });

  it('answers 404 for an unknown user', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/users/0b5f5c39-1f2e-4f52-9a54-5d7c7f0e9c01' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('No user with id 0b5f5c39-1f2e-4f52-9a54-5d7c7f0e9c01');
  });
});

describe('groups (admin)', () => {
  it('creates, renames, fills and deletes a group, each step audited', async () => {
    const member = await server.createUser('viewer', 'Member');
    const created = await server.inject({ method: 'POST', url: '/api/groups', payload: { name: 'analysts' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const duplicate = await server.inject({ method: 'POST', url: '/api/groups', payload: { name: 'analysts' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toBe('A group named "analysts" already exists');

    const renamed = await server.inject({
      method: 'PATCH',
      url: `/api/groups/${id}`,
      payload: { description: 'BI team' },
    });
    expect(renamed.json()).toMatchObject({ name: 'analysts', description: 'BI team', members: [] });
    const unknown = '0b5f5c39-1f2e-4f52-9a54-5d7c7f0e9c01';
    const badMembers = await server.inject({
      method: 'PUT',
      url: `/api/groups/${id}/members`,
      payload: { userIds: [member.id, unknown] },
    });
    expect(badMembers.statusCode).toBe(400);
    expect(badMembers.json().fields).toEqual([{ field: 'userIds.1', message: `No user with id ${unknown}` }]);
    await server.inject({ method: 'PUT', url: `/api/groups/${id}/members`, payload: { userIds: [member.id] } });
    expect((await server.inject({ method: 'GET', url: `/api/groups/${id}` })).json().members).toEqual([
      { id: member.id, email: member.email, displayName: 'Member' },
    ]);
    expect((await server.inject({ method: 'DELETE', url: `/api/groups/${id}` })).statusCode).toBe(204);
    expect((await server.inject({ method: 'GET', url: `/api/groups/${id}` })).statusCode).toBe(404);

    const actions = (await server.inject({ method: 'GET', url: `/api/audit-events?action=group.*&targetId=${id}` }))
      .json()
      .events.map((event: { action: string }) => event.action);
    expect(actions).toEqual(['group.delete', 'group.members', 'group.update', 'group.create']);
  });
});
