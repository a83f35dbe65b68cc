import { databaseConnectionFromUrl } from '@tributary/core';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../src/testing.ts';
import { grantPermissions } from './grant-permissions.ts';
import { startPasswordCapturingPostgres, startTcpRecorder, startTokenEndpointRecorder } from './recording-servers.ts';

/*
 * A stored secret only goes where it was stored for: an operator with edit on a sync cannot point
 * a form at their own server, leave the secret blank and receive it (issue 8 § 2). Every route
 * that takes a syncId with a form is tried, against servers of the test's own that record what
 * arrives, and the unchanged form is shown to still use the stored secret against the real servers.
 */

const kafka = inject('testEnv').kafka;
const mysqlUrl = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test';
let server: TestServer;
let operator: TestUser;
let tokenEndpoint: Awaited<ReturnType<typeof startTokenEndpointRecorder>>;
let listener: Awaited<ReturnType<typeof startTcpRecorder>>;
let capturingPostgres: Awaited<ReturnType<typeof startPasswordCapturingPostgres>>;
let otherPostgres: Awaited<ReturnType<typeof startPasswordCapturingPostgres>>;

beforeAll(async () => {
  [server, tokenEndpoint, listener, capturingPostgres, otherPostgres] = await Promise.all([
    startTestServer(inject('testEnv')),
    startTokenEndpointRecorder(),
    startTcpRecorder(),
    startPasswordCapturingPostgres(),
    startPasswordCapturingPostgres(),
  ]);
  operator = await server.createUser('operator');
});
afterAll(async () => {
  await Promise.all([tokenEndpoint?.close(), listener?.close(), capturingPostgres?.close(), otherPostgres?.close()]);
  await server?.stop();
});

const oidc = (overrides: object = {}) => ({
  type: 'kafka-topic',
  bootstrapServers: kafka.listeners.oidc,
  topic: `absent-${Date.now()}`,
  sasl: {
    mechanism: 'OAUTHBEARER_OIDC',
    tokenEndpointUrl: kafka.oidc.tokenEndpoint,
    clientId: kafka.oidc.clientId,
    clientSecret: '',
    scope: kafka.oidc.scope,
    ...overrides,
  },
});
const scram = (overrides: object = {}) => ({
  type: 'kafka-topic',
  bootstrapServers: kafka.listeners.saslPlaintext,
  topic: `absent-${Date.now()}`,
  sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: '', ...overrides },
});

/** A sync saved by the admin with the given settings; the operator may view and edit it, nothing more. */
async function syncEditableByOperator(payload: object): Promise<string> {
  const created = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: { name: `secret-reuse-${globalThis.crypto.randomUUID()}`, ...payload },
  });
  expect(created.statusCode, created.body).toBe(201);
  await grantPermissions(server, created.json().id, [{ user: operator, permissions: ['view', 'edit'] }]);
  return created.json().id;
}

const testConnection = (payload: object) => operator.inject({ method: 'POST', url: '/api/connections/test', payload });

const saslStep = (body: { steps: Array<{ step: string; status: string }> }) =>
  body.steps.find((step) => step.step === 'sasl');

function expectRefused(response: { statusCode: number; json(): unknown }, field: string, message: string) {
  expect(response.statusCode).toBe(400);
  expect(response.json()).toEqual({ code: 'VALIDATION_FAILED', message, fields: [{ field, message }] });
}

describe('a stored Kafka secret only goes where it was stored for', () => {
  it('never sends the stored OIDC client secret to a changed token endpoint', async () => {
    const syncId = await syncEditableByOperator({ destination: oidc({ clientSecret: kafka.oidc.clientSecret }) });

    const requestsBefore = tokenEndpoint.authorizations.length;
    const attack = await testConnection({ syncId, destination: oidc({ tokenEndpointUrl: tokenEndpoint.url }) });
    expectRefused(
      attack,
      'destination.sasl.clientSecret',
      'Type the Client Secret again: the Token Endpoint URL changed',
    );
    expect(tokenEndpoint.authorizations).toHaveLength(requestsBefore);
    expect(attack.body).not.toContain(kafka.oidc.clientSecret);

    // The recorder does see what is sent to it: a typed secret arrives, and only that one.
    const typed = await testConnection({
      syncId,
      destination: oidc({ tokenEndpointUrl: tokenEndpoint.url, clientSecret: 'typed-by-the-operator' }),
    });
    expect(typed.json()).toMatchObject({ isSuccessful: false, failedStep: 'sasl' });
    expect(tokenEndpoint.clientSecrets().slice(requestsBefore)).toEqual(['typed-by-the-operator']);

    // Unchanged, the stored secret is used and the real token endpoint and broker accept it.
    const unchanged = await testConnection({ syncId, destination: oidc() });
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(saslStep(unchanged.json())).toMatchObject({ status: 'passed' });
  });

  it('never lets a token bought with the stored client secret go to a changed broker', async () => {
    const syncId = await syncEditableByOperator({ destination: oidc({ clientSecret: kafka.oidc.clientSecret }) });
    const attack = await testConnection({ syncId, destination: { ...oidc(), bootstrapServers: listener.address } });
    expectRefused(
      attack,
      'destination.sasl.clientSecret',
      'Type the Client Secret again: the Bootstrap Servers changed',
    );
    expect(listener.received).toEqual({ connections: 0, bytes: 0 });
  });

  it('never sends the stored SASL password to another broker, user or mechanism', async () => {
    const syncId = await syncEditableByOperator({ destination: scram({ password: kafka.users.scram512.password }) });
    const attacks: Array<[object, string]> = [
      [{ ...scram(), bootstrapServers: listener.address }, 'the Bootstrap Servers'],
      [scram({ username: kafka.users.admin.username }), 'the Username'],
      // PLAIN would hand the broker the password itself.
      [scram({ mechanism: 'PLAIN' }), 'the SASL Mechanism'],
    ];
    for (const [destination, label] of attacks) {
      const attack = await testConnection({ syncId, destination });
      expectRefused(attack, 'destination.sasl.password', `Type the Password again: ${label} changed`);
    }
    expect(listener.received).toEqual({ connections: 0, bytes: 0 });

    const unchanged = await testConnection({ syncId, destination: scram() });
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(saslStep(unchanged.json())).toMatchObject({ status: 'passed' });
  });

  it('never uses the stored TLS private key with another broker or certificate', async () => {
    const certificate = '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----';
    const ssl = { isEnabled: true, caCertificate: kafka.caPem, clientCertificate: certificate };
    const key = '-----BEGIN PRIVATE KEY-----\nc3RvcmVkLWtleQ==\n-----END PRIVATE KEY-----';
    const destination = {
      type: 'kafka-topic',
      bootstrapServers: kafka.listeners.ssl,
      topic: 'orders',
      sasl: { mechanism: 'NONE' },
    };
    const syncId = await syncEditableByOperator({ destination: { ...destination, ssl: { ...ssl, clientKey: key } } });

    const attack = await testConnection({
      syncId,
      destination: { ...destination, bootstrapServers: listener.address, ssl },
    });
    expectRefused(attack, 'destination.ssl.clientKey', 'Type the Private Key again: the Bootstrap Servers changed');
    expect(listener.received).toEqual({ connections: 0, bytes: 0 });
  });

  it('refuses to save a changed endpoint with a blank secret, and keeps what was stored', async () => {
    const stored = scram({ password: kafka.users.scram512.password });
    const syncId = await syncEditableByOperator({ destination: stored });
    const before = (await operator.inject({ method: 'GET', url: `/api/syncs/${syncId}` })).json();
    const save = (destination: object) =>
      operator.inject({ method: 'PUT', url: `/api/syncs/${syncId}`, payload: { name: before.name, destination } });

    expectRefused(
      await save({ ...scram(), bootstrapServers: listener.address }),
      'destination.sasl.password',
      'Type the Password again: the Bootstrap Servers changed',
    );
    expect((await operator.inject({ method: 'GET', url: `/api/syncs/${syncId}` })).json()).toEqual(before);

    // Saved with the endpoint unchanged, the stored password stays and still works.
    const kept = await save({ ...scram(), topic: 'renamed' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().destination).toMatchObject({ topic: 'renamed', sasl: { password: { isSet: true } } });
    const tested = await testConnection({ syncId });
    expect(saslStep(tested.json())).toMatchObject({ status: 'passed' });

    // A typed password may go anywhere the operator says.
    const moved = await save({
      ...scram({ password: 'typed-for-the-new-broker' }),
      bootstrapServers: listener.address,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().destination.bootstrapServers).toBe(listener.address);
    expect(listener.received.connections).toBe(0);
  });

  it('refuses to save a changed token endpoint with the stored client secret left blank', async () => {
    const syncId = await syncEditableByOperator({ destination: oidc({ clientSecret: kafka.oidc.clientSecret }) });
    const saved = await operator.inject({
      method: 'PUT',
      url: `/api/syncs/${syncId}`,
      payload: { name: 'moved-oidc', destination: oidc({ tokenEndpointUrl: tokenEndpoint.url }) },
    });
    expectRefused(
      saved,
      'destination.sasl.clientSecret',
      'Type the Client Secret again: the Token Endpoint URL changed',
    );
    expect((await testConnection({ syncId })).json().steps).toContainEqual(
      expect.objectContaining({ step: 'sasl', status: 'passed' }),
    );
    expect(tokenEndpoint.clientSecrets()).not.toContain(kafka.oidc.clientSecret);
  });
});

describe('a stored database password only goes to the server, database and user it was stored for', () => {
  const STORED_PASSWORD = `stored-db-${globalThis.crypto.randomUUID()}`;
  const source = (overrides: object = {}) => ({
    type: 'postgresql',
    host: capturingPostgres.host,
    port: capturingPostgres.port,
    database: 'shop',
    user: 'reader',
    password: '',
    table: 'orders',
    ...overrides,
  });
  const columnMapping = { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] };
  /** Each route that takes a syncId with a source form, as the operator. */
  const routes = {
    'source test': (syncId: string, form: object) =>
      operator.inject({ method: 'POST', url: '/api/sources/test', payload: { syncId, source: form } }),
    'columns discovery': (syncId: string, form: object) =>
      operator.inject({ method: 'POST', url: '/api/sources/columns', payload: { syncId, source: form } }),
    preview: (syncId: string, form: object) =>
      operator.inject({ method: 'POST', url: '/api/syncs/preview', payload: { syncId, source: form, columnMapping } }),
    'sync update': (syncId: string, form: object) =>
      operator.inject({
        method: 'PUT',
        url: `/api/syncs/${syncId}`,
        payload: { name: `pg-${syncId}`, destination: scram(), source: form },
      }),
  };

  it.each(Object.keys(routes) as Array<keyof typeof routes>)(
    '%s: refuses a changed host, port, database or user, and sends the stored password when unchanged',
    async (route) => {
      const call = routes[route];
      const syncId = await syncEditableByOperator({
        destination: scram({ password: kafka.users.scram512.password }),
        source: source({ password: STORED_PASSWORD }),
      });
      const loginsBefore = capturingPostgres.logins.length;
      const attacks: Array<[object, string]> = [
        [{ port: otherPostgres.port }, 'the Port'],
        [{ host: 'localhost' }, 'the Host'],
        [{ database: 'postgres' }, 'the Database'],
        [{ user: 'postgres' }, 'the User'],
        [{ type: 'mysql' }, 'the source type'],
      ];
      for (const [change, label] of attacks) {
        expectRefused(
          await call(syncId, source(change)),
          'source.password',
          `Type the Password again: ${label} changed`,
        );
      }
      expect(capturingPostgres.logins.length).toBe(loginsBefore);
      expect(otherPostgres.logins).toEqual([]);

      if (route === 'sync update') return;
      // Unchanged, the server the password was stored for is sent the stored password.
      await call(syncId, source({ table: undefined, query: 'select 1 as id' }));
      expect(capturingPostgres.logins.slice(loginsBefore)).toEqual([
        { user: 'reader', database: 'shop', password: STORED_PASSWORD },
      ]);
    },
  );

  it('still reads a real server with the stored password when the form leaves it blank', async () => {
    const connection = databaseConnectionFromUrl(mysqlUrl);
    const suffix = globalThis.crypto.randomUUID().slice(0, 8);
    const user = `tributary_reuse_${suffix}`;
    const password = `pw-${globalThis.crypto.randomUUID()}`;
    const table = `secret_reuse_${suffix}`;
    const admin = await mysql.createConnection({
      host: connection.host,
      port: connection.port,
      user: connection.user,
      password: connection.password,
      database: connection.database,
      multipleStatements: true,
    });
    try {
      await admin.query(
        `create table ${table} (id int primary key); insert into ${table} values (1), (2);
         create user '${user}'@'%' identified by '${password}';
         grant select on \`${connection.database}\`.${table} to '${user}'@'%';`,
      );
      const mysqlSource = (overrides: object = {}) => ({
        type: 'mysql',
        host: connection.host,
        port: connection.port,
        database: connection.database,
        user,
        password: '',
        table,
        ...overrides,
      });
      const syncId = await syncEditableByOperator({
        destination: scram({ password: kafka.users.scram512.password }),
        source: mysqlSource({ password }),
      });
      const columns = await routes['columns discovery'](syncId, mysqlSource());
      expect(columns.statusCode, columns.body).toBe(200);
      expect(columns.json().sampleRows).toEqual([{ id: 1 }, { id: 2 }]);
      expectRefused(
        await routes['columns discovery'](syncId, mysqlSource({ user: 'root' })),
        'source.password',
        'Type the Password again: the User changed',
      );
    } finally {
      await admin.query(`drop user if exists '${user}'@'%'; drop table if exists ${table};`);
      await admin.end();
    }
  });
});
