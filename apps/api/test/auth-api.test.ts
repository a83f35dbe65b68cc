import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { queryRows } from './db-rows.ts';

let server: TestServer;
beforeAll(async () => {
  // Requests from 127.0.0.1 (inject's default address) play the reverse proxy.
  server = await startTestServer({ ...inject('testEnv'), env: { TRIBUTARY_TRUST_PROXY: '127.0.0.1' } });
});
afterAll(() => server?.stop());

const signIn = (payload: object, options: { cookie?: string; ip?: string; origin?: string } = {}) =>
  server.anonymous({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload,
    remoteAddress: options.ip ?? '198.51.100.1',
    headers: {
      ...(options.cookie && { cookie: `tributary_session=${options.cookie}` }),
      ...(options.origin && { origin: options.origin }),
    },
  });

interface Cookie {
  name: string;
  value: string;
  secure?: boolean;
}
const sessionCookieOf = (response: { cookies: Cookie[] }) =>
  response.cookies.find((cookie) => cookie.name === 'tributary_session');

describe('sign-in', () => {
  it('answers the session view and sets an http-only, same-site session cookie', async () => {
    const user = await server.createUser('operator', 'Olive Operator');
    const response = await signIn({ email: user.email.toUpperCase(), password: user.password });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: { id: user.id, email: user.email, displayName: 'Olive Operator', role: 'operator' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(sessionCookieOf(response)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(sessionCookieOf(response)?.secure).toBeUndefined();
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const user = await server.createUser('viewer');
    const response = await server.anonymous({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: user.email, password: user.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(sessionCookieOf(response)?.secure).toBe(true);
  });

  it('counts failures against the real address unless the request came through a trusted proxy', async () => {
    const attempt = (remoteAddress: string, email: string) =>
      server.anonymous({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password: 'wrong' },
        remoteAddress,
        headers: { 'x-forwarded-for': '10.9.9.9' },
      });
    await attempt('192.0.2.200', 'forged@example.com');
    await attempt('127.0.0.1', 'proxied@example.com');
    const rows = await queryRows(
      server.databaseUrl,
      "select email, ip from sign_in_failures where email in ('forged@example.com', 'proxied@example.com') order by email",
    );
    expect(rows).toEqual([
      { email: 'forged@example.com', ip: '192.0.2.200' },
      { email: 'proxied@example.com', ip: '10.9.9.9' },
    ]);
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    const user = await server.createUser('viewer');
    const wrongPassword = await signIn({ email: user.email, password: 'not the password' }, { ip: '198.51.100.2' });
    const unknownEmail = await signIn({ email: 'nobody@example.com', password: 'whatever' }, { ip: '198.51.100.2' });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong email or password' });
      expect(sessionCookieOf(response)).toBeUndefined();
    }
  });

  it('gives a new session id on every sign-in and ends the one the browser came with', async () => {
    const user = await server.createUser('viewer');
    const first = sessionCookieOf(await signIn({ email: user.email, password: user.password }))!.value;
    const second = await signIn({ email: user.email, password: user.password }, { cookie: first });
    const secondToken = sessionCookieOf(second)!.value;
    expect(secondToken).not.toBe(first);
    const withOld = await server.anonymous({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: `tributary_session=${first}` },
    });
    expect(withOld.statusCode).toBe(401);
    const withNew = await server.anonymous({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: `tributary_session=${secondToken}` },
    });
    expect(withNew.json()).toMatchObject({ user: { id: user.id }, csrfToken: second.json().csrfToken });
  });

  it('stores only the SHA-256 of the session token', async () => {
    const user = await server.createUser('viewer');
    const token = sessionCookieOf(await signIn({ email: user.email, password: user.password }))!.value;
    const rows = await queryRows(server.databaseUrl, 'select id from sessions where user_id = $1', [user.id]);
    const { createHash } = await import('node:crypto');
    expect(rows.map((row) => row.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a sign-in posted from another site', async () => {
    const user = await server.createUser('viewer');
    const response = await signIn({ email: user.email, password: user.password }, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toBe('Requests from origin https://evil.example are not accepted');
  });

  it("lets the owner sign in from their address while an attacker's guesses from others are throttled", async () => {
    const owner = await server.createUser('admin');
    // More than any free allowance: one guess from each of eight addresses, then eight from one.
    const statuses: number[] = [];
    for (let address = 20; address < 28; address++) {
      statuses.push((await signIn({ email: owner.email, password: 'guess' }, { ip: `192.0.2.${address}` })).statusCode);
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      statuses.push(
        (await signIn({ email: owner.email, password: `guess-${attempt}` }, { ip: '192.0.2.10' })).statusCode,
      );
    }
    expect(statuses).toEqual([...Array<number>(13).fill(401), 429, 429, 429]);

    // The attacker's own address stays throttled, the right password included...
    const fromAttacker = await signIn({ email: owner.email, password: owner.password }, { ip: '192.0.2.10' });
    expect(fromAttacker.statusCode).toBe(429);
    // ...while the owner's address is not: slowed a little, never refused.
    const fromOwner = await signIn({ email: owner.email, password: owner.password }, { ip: '198.51.100.77' });
    expect(fromOwner.statusCode).toBe(200);
    expect(fromOwner.json().user.id).toBe(owner.id);
  });

  it('answers repeated failures from one address with 429 and a Retry-After that doubles', async () => {
    const user = await server.createUser('viewer');
    const ip = '192.0.2.50';
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn({ email: user.email, password: 'wrong' }, { ip })).statusCode).toBe(401);
    }
    const retryAfters: number[] = [];
    for (let round = 0; round < 3; round++) {
      const limited = await signIn({ email: user.email, password: user.password }, { ip });
      expect(limited.statusCode).toBe(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(limited.json()).toEqual({
        code: 'RATE_LIMITED',
        message: `Too many failed sign-ins from this address; try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`,
      });
      expect(sessionCookieOf(limited)).toBeUndefined();
      retryAfters.push(retryAfter);
      // Waiting out the answer is enough for one more try, which fails again.
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
      expect((await signIn({ email: user.email, password: 'wrong' }, { ip })).statusCode).toBe(401);
    }
    expect(retryAfters).toEqual([2, 4, 8]);
    const limited = await signIn({ email: user.email, password: user.password }, { ip });
    expect(Number(limited.headers['retry-after'])).toBe(16);
  });

  it('lets no more than the free failures of a burst of parallel guesses from one address reach the check', async () => {
    const user = await server.createUser('viewer');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        signIn({ email: user.email, password: `guess-${index}` }, { ip: '192.0.2.100' }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 401 || status === 429)).toHaveLength(12);
    const rows = await queryRows(
      server.databaseUrl,
      'select count(*)::int as n from sign_in_failures where email = $1',
      [user.email],
    );
    expect(rows[0]?.n).toBe(statuses.filter((status) => status === 401).length);
  });

  it('throttles failures per address, across accounts, in the database every process shares', async () => {
    const ip = '203.0.113.7';
    const user = await server.createUser('viewer');
    for (let attempt = 0; attempt < 20; attempt++) {
      expect((await signIn({ email: `guess-${attempt}@example.com`, password: 'x' }, { ip })).statusCode).toBe(401);
    }
    const limited = await signIn({ email: user.email, password: user.password }, { ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    const rows = await queryRows(server.databaseUrl, 'select count(*)::int as n from sign_in_failures where ip = $1', [
      ip,
    ]);
    expect(rows[0]?.n).toBe(20);
    expect((await signIn({ email: user.email, password: user.password }, { ip: '203.0.113.8' })).statusCode).toBe(200);
  });

  it("lets an admin see and clear an account's failed sign-ins, in the audit trail", async () => {
    const user = await server.createUser('operator');
    const ip = '192.0.2.60';
    for (let attempt = 0; attempt < 5; attempt++) await signIn({ email: user.email, password: 'wrong' }, { ip });
    await signIn({ email: user.email, password: 'wrong' }, { ip: '192.0.2.61' });
    expect((await signIn({ email: user.email, password: user.password }, { ip })).statusCode).toBe(429);
    const listed = (await server.inject({ method: 'GET', url: '/api/users' })).json().users;
    expect(listed.find((other: { id: string }) => other.id === user.id)).toMatchObject({ failedSignIns: 6 });

    const forbidden = await user.inject({ method: 'DELETE', url: `/api/users/${user.id}/sign-in-failures` });
    expect(forbidden.statusCode).toBe(403);
    const missing = await server.inject({
      method: 'DELETE',
      url: '/api/users/00000000-0000-4000-8000-000000000000/sign-in-failures',
    });
    expect(missing.statusCode).toBe(404);

    const cleared = await server.inject({ method: 'DELETE', url: `/api/users/${user.id}/sign-in-failures` });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ id: user.id, failedSignIns: 0 });
    const audit = await server.inject({
      method: 'GET',
      url: `/api/audit-events?action=user.sign-in-failures-cleared&targetId=${user.id}`,
    });
    expect(audit.json().events).toEqual([
      expect.objectContaining({
        action: 'user.sign-in-failures-cleared',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, cleared: 6 },
      }),
    ]);
    expect((await signIn({ email: user.email, password: user.password }, { ip })).statusCode).toBe(200);
  });

  it('records sign-ins and failed sign-ins in the audit trail, never the password', async () => {
    const user = await server.createUser('viewer');
    await signIn({ email: user.email, password: 'a-wrong-password-123' }, { ip: '198.51.100.30' });
    await signIn({ email: user.email, password: user.password }, { ip: '198.51.100.30' });
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?targetType=user&targetId=${user.id}&action=auth.*` })
    ).json().events;
    expect(events.map((event: { action: string }) => event.action).slice(0, 2)).toEqual([
      'auth.sign-in',
      'auth.sign-in-failed',
    ]);
    expect(events[0]).toMatchObject({ actor: { id: user.id, email: user.email }, ip: '198.51.100.30' });
    expect(events[1]).toMatchObject({ actor: null, details: { email: user.email }, ip: '198.51.100.30' });
    const everything = JSON.stringify(await queryRows(server.databaseUrl, 'select * from audit_events'));
    expect(everything).not.toContain('a-wrong-password-123');
    expect(everything).not.toContain(user.password);
  });

  it('stores passwords only as salted scrypt hashes and never answers them', async () => {
    const user = await server.createUser('operator');
    const rows = await queryRows(server.databaseUrl, 'select * from users where id = $1', [user.id]);
    expect(String(rows[0]?.password_hash)).toMatch(/^scrypt\$/);
    expect(JSON.stringify(rows)).not.toContain(user.password);
    const answers = [
      (await server.inject({ method: 'GET', url: '/api/users' })).body,
      (await server.inject({ method: 'GET', url: `/api/users/${user.id}` })).body,
      (await server.inject({ method: 'GET', url: '/api/audit-events?limit=500' })).body,
    ];
    for (const body of answers) {
      expect(body).not.toContain(user.password);
      expect(body).not.toContain('scrypt$');
    }
  });
});

describe('sessions', () => {
  it('answers 401 to GET /api/auth/session without a session', async () => {
    const response = await server.anonymous({ method: 'GET', url: '/api/auth/session' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('UNAUTHENTICATED');
  });

  it('signs out by deleting the session row', async () => {
    const user = await server.createUser('viewer');
    const before = await queryRows(server.databaseUrl, 'select id from sessions where user_id = $1', [user.id]);
    expect(before).toHaveLength(1);
    const signedOut = await user.inject({ method: 'POST', url: '/api/auth/sign-out' });
    expect(signedOut.statusCode).toBe(204);
    expect(sessionCookieOf(signedOut)?.value).toBe('');
    expect(await queryRows(server.databaseUrl, 'select id from sessions where user_id = $1', [user.id])).toEqual([]);
    expect((await user.inject({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(401);
  });

  it('ends a session left idle for two hours, or past its twelve-hour lifetime', async () => {
    const idle = await server.createUser('viewer');
    const old = await server.createUser('viewer');
    await queryRows(
      server.databaseUrl,
      "update sessions set last_seen_at = now() - interval '2 hours 1 minute' where user_id = $1",
      [idle.id],
    );
    await queryRows(
      server.databaseUrl,
      "update sessions set expires_at = now() - interval '1 second' where user_id = $1",
      [old.id],
    );
    for (const user of [idle, old]) {
      expect((await user.inject({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(401);
      expect(await queryRows(server.databaseUrl, 'select id from sessions where user_id = $1', [user.id])).toEqual([]);
    }
  });

  it('ends every session of a disabled user at once and refuses their sign-in', async () => {
    const user = await server.createUser('operator');
    expect((await user.inject({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(200);
    const disabled = await server.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { isDisabled: true },
    });
    expect(disabled.json()).toMatchObject({ isDisabled: true });
    expect((await user.inject({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(401);
    const again = await signIn({ email: user.email, password: user.password }, { ip: '198.51.100.40' });
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toBe('Wrong email or password');

    await server.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { isDisabled: false } });
    expect((await signIn({ email: user.email, password: user.password }, { ip: '198.51.100.40' })).statusCode).toBe(
      200,
    );
  });

  it('ends the sessions of a user whose password an admin reset', async () => {
    const user = await server.createUser('viewer');
    const reset = await server.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      payload: { password: 'a brand new passphrase' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await user.inject({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(401);
    expect((await signIn({ email: user.email, password: 'a brand new passphrase' })).statusCode).toBe(200);
    const events = (
      await server.inject({ method: 'GET', url: `/api/audit-events?action=user.password-reset&targetId=${user.id}` })
    ).json().events;
    expect(events).toEqual([expect.objectContaining({ details: { password: 'changed' } })]);
    expect(JSON.stringify(events)).not.toContain('a brand new passphrase');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the CSRF header, or with a wrong one', async () => {
    const user = await server.createUser('operator');
    for (const header of [{ 'x-csrf-token': '' }, { 'x-csrf-token': 'guessed-token' }]) {
      const response = await user.inject({
        method: 'POST',
        url: '/api/syncs',
        payload: { name: 'csrf', destination: { type: 'kafka-topic', bootstrapServers: 'localhost', topic: 't' } },
        headers: header,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ code: 'FORBIDDEN', message: 'Missing or wrong CSRF token' });
    }
    const token = sessionCookieOf(await signIn({ email: user.email, password: user.password }))!.value;
    const noHeader = await server.anonymous({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: `tributary_session=${token}` },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().message).toBe('Missing or wrong CSRF token');
    const stillSignedIn = await server.anonymous({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: `tributary_session=${token}` },
    });
    expect(stillSignedIn.statusCode).toBe(200);
  });
});

describe('first admin', () => {
  it('refuses the first-admin endpoint once a user exists', async () => {
    expect((await server.anonymous({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
      needsFirstAdmin: false,
    });
    const response = await server.anonymous({
      method: 'POST',
      url: '/api/auth/first-admin',
      payload: { email: 'mallory@example.com', displayName: 'Mallory', password: 'a long enough password' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ code: 'CONFLICT', message: 'The first admin already exists; sign in instead' });
    expect(await queryRows(server.databaseUrl, "select id from users where email = 'mallory@example.com'")).toEqual([]);
  });

  it('creates the first admin through the endpoint while no user exists, and signs them in', async () => {
    const empty = await startTestServer({ ...inject('testEnv'), withoutAdmin: true });
    try {
      expect((await empty.anonymous({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
        needsFirstAdmin: true,
      });
      expect((await empty.anonymous({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(401);
      const short = await empty.anonymous({
        method: 'POST',
        url: '/api/auth/first-admin',
        payload: { email: 'ada@example.com', displayName: 'Ada', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().fields).toEqual([
        { field: 'body.password', message: 'Password must be at least 12 characters' },
      ]);
      const created = await empty.anonymous({
        method: 'POST',
        url: '/api/auth/first-admin',
        payload: { email: 'Ada@Example.com', displayName: 'Ada', password: 'a long admin passphrase' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().user).toMatchObject({ email: 'ada@example.com', role: 'admin' });
      const token = sessionCookieOf(created)!.value;
      const session = await empty.anonymous({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: `tributary_session=${token}` },
      });
      expect(session.json().user.email).toBe('ada@example.com');
      expect((await empty.anonymous({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
        needsFirstAdmin: false,
      });
    } finally {
      await empty.stop();
    }
  });

  it('creates the first admin from TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD', async () => {
    const unattended = await startTestServer({
      ...inject('testEnv'),
      withoutAdmin: true,
      env: { TRIBUTARY_ADMIN_EMAIL: 'ops@example.com', TRIBUTARY_ADMIN_PASSWORD: 'from the environment' },
    });
    try {
      expect((await unattended.anonymous({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
        needsFirstAdmin: false,
      });
      const asAdmin = await unattended.signInAs('ops@example.com', 'from the environment');
      const session = await asAdmin({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ email: 'ops@example.com', role: 'admin' });
    } finally {
      await unattended.stop();
    }
  });
});
