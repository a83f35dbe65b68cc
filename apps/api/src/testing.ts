import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSRF_HEADER, SESSION_COOKIE, type TUserRole } from '@tributary/core';
import { createTestDatabase } from '@tributary/db/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startTributary } from './runtime.ts';

/** `app.inject` as one user: their session cookie and CSRF header ride along unless the test sets its own. */
export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

export interface TestAccount {
  email: string;
  password: string;
}

export interface TestUser extends TestAccount {
  id: string;
  role: TUserRole;
  inject: Inject;
}

export interface TestServer {
  app: FastifyInstance;
  /**
   * `app.inject` as the test's signed-in admin. Tests call the API through this, never through
   * `app.inject`, so they keep working when requests need a session.
   */
  inject: Inject;
  /** `app.inject` with no session at all. */
  anonymous: Inject;
  /** The first admin's credentials (random per server); absent with `withoutAdmin`. */
  admin: TestAccount;
  /** Signs in through the API and answers an inject for that user. */
  signInAs(email: string, password: string): Promise<Inject>;
  /** Creates a user through the admin API (random email and password) and signs them in. */
  createUser(role: TUserRole, displayName?: string): Promise<TestUser>;
  /** Base URL of the listening server (built UI and API). */
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

const randomSecret = () => randomBytes(18).toString('base64url');

function asUser(app: FastifyInstance, token: string, csrfToken: string): Inject {
  return (options) => {
    const headers: Record<string, string> = { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrfToken };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = String(value);
    }
    return app.inject({ ...options, headers });
  };
}

function sessionTokenFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie in the answer (${response.statusCode}: ${response.body})`);
  return cookie.value;
}

/**
 * The whole app for a test: its own copy of the migrated template database, its own data folder,
 * a free port on 127.0.0.1, the real queue, and a first admin (random password) whose session
 * `inject` carries. `withoutAdmin` leaves the users table empty, for first-run tests.
 * The built UI is served when `pnpm build` ran.
 */
export async function startTestServer(options: {
  adminDatabaseUrl: string;
  templateDatabaseUrl: string;
  logLevel?: string;
  withoutAdmin?: boolean;
  /** More environment for `loadConfig`, e.g. TRIBUTARY_ADMIN_EMAIL (use with `withoutAdmin`), or `TRIBUTARY_ROLE: 'api'` when the test runs its own worker processes. */
  env?: Record<string, string>;
}): Promise<TestServer> {
  const database = await createTestDatabase(options.adminDatabaseUrl, options.templateDatabaseUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-test-'));
  const logLevel = options.logLevel ?? 'silent';
  const config = loadConfig({
    DATABASE_URL: database.url,
    TRIBUTARY_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    ...options.env,
  });
  const running = await startTributary({ ...config, port: 0 }, createLogger(logLevel));
  const stop = async () => {
    await running.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  if (!running.app || !running.url) {
    await stop();
    throw new Error('the test server did not start its HTTP listener');
  }
  const app = running.app;
  const anonymous: Inject = (injectOptions) => app.inject(injectOptions);

  async function signInAs(email: string, password: string): Promise<Inject> {
    const answer = await anonymous({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
    if (answer.statusCode !== 200)
      throw new Error(`signing in as ${email} answered ${answer.statusCode}: ${answer.body}`);
    return asUser(app, sessionTokenFrom(answer), answer.json().csrfToken);
  }

  let admin: TestAccount | undefined;
  let inject: Inject = anonymous;
  if (!options.withoutAdmin) {
    admin = { email: `admin-${randomSecret().toLowerCase()}@example.com`, password: randomSecret() };
    const answer = await anonymous({
      method: 'POST',
      url: '/api/auth/first-admin',
      payload: { ...admin, displayName: 'Test Admin' },
    });
    if (answer.statusCode !== 201) {
      await stop();
      throw new Error(`creating the first admin answered ${answer.statusCode}: ${answer.body}`);
    }
    inject = asUser(app, sessionTokenFrom(answer), answer.json().csrfToken);
  }

  return {
    app,
    inject,
    anonymous,
    get admin(): TestAccount {
      if (!admin) throw new Error('this test server was started withoutAdmin');
      return admin;
    },
    signInAs,
    async createUser(role, displayName = `Test ${role}`) {
      const account = { email: `${role}-${randomSecret().toLowerCase()}@example.com`, password: randomSecret() };
      const created = await inject({ method: 'POST', url: '/api/users', payload: { ...account, displayName, role } });
      if (created.statusCode !== 201)
        throw new Error(`creating a ${role} answered ${created.statusCode}: ${created.body}`);
      return { ...account, id: created.json().id, role, inject: await signInAs(account.email, account.password) };
    },
    url: running.url,
    databaseUrl: database.url,
    stop,
  };
}
