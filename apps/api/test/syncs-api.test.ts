import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

const kafka = inject('testEnv').kafka;
let testApp: TestServer;
beforeAll(async () => {
  testApp = await startTestServer(inject('testEnv'));
});
afterAll(() => testApp?.stop());

const PASSWORD = kafka.users.scram512.password;
const destination = (overrides: object = {}) => ({
  type: 'kafka-topic',
  bootstrapServers: kafka.listeners.saslPlaintext,
  topic: 'orders',
  sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: PASSWORD },
  ...overrides,
});

async function rawSyncRows(): Promise<string> {
  const client = new pg.Client({ connectionString: testApp.databaseUrl });
  await client.connect();
  try {
    return JSON.stringify((await client.query('select * from syncs')).rows);
  } finally {
    await client.end();
  }
}

describe('data syncs API', () => {
  it('stores secrets encrypted and answers them only as set', async () => {
    const created = await testApp.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: 'orders', destination: destination() },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(PASSWORD);
    const view = created.json();
    expect(view.destination).toMatchObject({
      bootstrapServers: kafka.listeners.saslPlaintext,
      sasl: { mechanism: 'SCRAM-SHA-512', password: { isSet: true } },
    });

    const rows = await rawSyncRows();
    expect(rows).not.toContain(PASSWORD);
    expect(rows).toMatch(/"sasl\.password":"v1:/);

    const fetched = await testApp.inject({ method: 'GET', url: `/api/syncs/${view.id}` });
    expect(fetched.json()).toEqual(view);
    const list = await testApp.inject({ method: 'GET', url: '/api/syncs' });
    expect(list.json().syncs).toEqual([expect.objectContaining({ id: view.id, name: 'orders', topic: 'orders' })]);
  });

  it('keeps the stored secret when saved with a blank one, and uses it for Test Connection', async () => {
    const created = (
      await testApp.inject({
        method: 'POST',
        url: '/api/syncs',
        payload: { name: 'keep-secret', destination: destination() },
      })
    ).json();
    const blank = destination({
      sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: '' },
    });
    const saved = await testApp.inject({
      method: 'PUT',
      url: `/api/syncs/${created.id}`,
      payload: { name: 'keep-secret', description: 'renamed', destination: blank },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      description: 'renamed',
      destination: { sasl: { password: { isSet: true } } },
    });

    const tested = await testApp.inject({
      method: 'POST',
      url: '/api/connections/test',
      payload: { syncId: created.id, destination: blank },
    });
    expect(tested.statusCode).toBe(200);
    // The topic does not exist on the test cluster: SASL passed with the stored password.
    expect(tested.json()).toMatchObject({ isSuccessful: false, failedStep: 'topic' });
    expect(tested.json().steps.find((step: { step: string }) => step.step === 'sasl')).toMatchObject({
      status: 'passed',
    });
  });

  it('drops a stored secret that the new settings no longer use', async () => {
    const created = (
      await testApp.inject({
        method: 'POST',
        url: '/api/syncs',
        payload: { name: 'switch', destination: destination() },
      })
    ).json();
    const switched = await testApp.inject({
      method: 'PUT',
      url: `/api/syncs/${created.id}`,
      payload: { name: 'switch', destination: destination({ sasl: { mechanism: 'NONE' } }) },
    });
    expect(switched.json().destination.sasl).toEqual({ mechanism: 'NONE' });
    expect(await rawSyncRows()).not.toMatch(/"id":"[^"]*","name":"switch"[^}]*sasl\.password/);
  });

  it('rejects a duplicate name with 409 naming the field', async () => {
    await testApp.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: 'twice', destination: destination() },
    });
    const again = await testApp.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: 'twice', destination: destination() },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'CONFLICT',
      fields: [{ field: 'name', message: 'A data sync named "twice" already exists' }],
    });
  });

  it('answers 404 for an unknown sync and 400 for a malformed id', async () => {
    expect(
      (await testApp.inject({ method: 'GET', url: '/api/syncs/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
    const bad = await testApp.inject({ method: 'GET', url: '/api/syncs/42' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ field: 'params.id', message: 'id must be a UUID' }]);
  });

  it.each([
    [{ bootstrapServers: '' }, 'destination.bootstrapServers', 'Bootstrap Servers: at least one server is required'],
    [
      { bootstrapServers: 'a:9092,,b' },
      'destination.bootstrapServers',
      'Bootstrap Servers: entry 2 is empty (check for a doubled or trailing comma)',
    ],
    [
      { bootstrapServers: 'a:0' },
      'destination.bootstrapServers',
      'Bootstrap Servers: "a:0": the port 0 is outside 1–65535',
    ],
    [
      { bootstrapServers: 'a,a:9092' },
      'destination.bootstrapServers',
      'Bootstrap Servers: "a:9092" is a duplicate of "a"',
    ],
    [
      { bootstrapServers: '::1' },
      'destination.bootstrapServers',
      'Bootstrap Servers: "::1": write an IPv6 address in brackets, e.g. [::1]:9092',
    ],
    [{ topic: '' }, 'destination.topic', 'Topic Name is required'],
    [{ topic: '..' }, 'destination.topic', 'Topic Name cannot be ".."'],
    [
      { topic: 'a b' },
      'destination.topic',
      'Topic Name may contain only letters, digits, ".", "_" and "-" (found space)',
    ],
    [{ topic: 'x'.repeat(250) }, 'destination.topic', 'Topic Name is 250 characters long; Kafka allows at most 249'],
    [
      { ssl: { isEnabled: true, caCertificate: 'nope' } },
      'destination.ssl.caCertificate',
      'CA Certificate must be PEM text starting with -----BEGIN CERTIFICATE-----',
    ],
    [
      { sasl: { mechanism: 'KERBEROS' } },
      'destination.sasl.mechanism',
      'SASL Mechanism must be one of: None, PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, OAUTHBEARER (OIDC)',
    ],
    [{ sasl: { mechanism: 'PLAIN', username: '' } }, 'destination.sasl.username', 'Username is required'],
    [{ sasl: { mechanism: 'OAUTHBEARER', principal: '' } }, 'destination.sasl.principal', 'Principal Name is required'],
    // No SASL block at all means the default mechanism, OAUTHBEARER, whose principal is then missing.
    [{ sasl: undefined }, 'destination.sasl.principal', 'Principal Name is required'],
    [
      { sasl: { mechanism: 'OAUTHBEARER', principal: 'p', lifetimeSeconds: 100_000 } },
      'destination.sasl.lifetimeSeconds',
      'Token Lifetime must be at most 86400 seconds (one day)',
    ],
    [
      { sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: 'not a url', clientId: 'c' } },
      'destination.sasl.tokenEndpointUrl',
      'Token Endpoint URL must be an http:// or https:// URL',
    ],
    [
      { sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: 'https://idp/token', clientId: '' } },
      'destination.sasl.clientId',
      'Client ID is required',
    ],
    [
      { sasl: { mechanism: 'OAUTHBEARER', principal: 'p', extensions: [{ key: 'auth', value: 'x' }] } },
      'destination.sasl.extensions.0.key',
      'The extension key "auth" is reserved',
    ],
  ])('rejects %j at %s', async (overrides, field, message) => {
    const response = await testApp.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: `bad-${field}`, destination: destination(overrides) },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: expect.arrayContaining([{ field: `body.${field}`, message }]),
    });
  });

  it('rejects a missing name', async () => {
    const response = await testApp.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: { name: ' ', destination: destination() },
    });
    expect(response.json().fields).toEqual([{ field: 'body.name', message: 'Name is required' }]);
  });
});
