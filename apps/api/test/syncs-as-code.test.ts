import { createHash, generateKeyPairSync } from 'node:crypto';
import { databaseConnectionFromUrl } from '@tributary/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTestServer, type Inject, type TestServer } from '../src/testing.ts';
import { queryRows } from './db-rows.ts';
import { grantPermissions } from './grant-permissions.ts';

const testEnv = inject('testEnv');
const { kafka } = testEnv;
const table = `sync_code_${Date.now()}`;
const CSV = 'id,page,at\n1,/home,2026-01-01\n2,/cart,2026-01-02\n';

const SECRETS = {
  sourcePassword: 'source-pw-7f3a9c',
  scram: kafka.users.scram512.password,
  clientSecret: kafka.oidc.clientSecret,
  clientKey: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
};
const VARIABLES = {
  TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD: SECRETS.sourcePassword,
  TRIBUTARY_ORDERS_EU_SASL_PASSWORD: SECRETS.scram,
  TRIBUTARY_CLICKS_SASL_CLIENT_SECRET: SECRETS.clientSecret,
  TRIBUTARY_CLICKS_SSL_CLIENT_KEY: SECRETS.clientKey,
};

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `app.inject` with an API token only: no session cookie, no CSRF header. */
function withToken(server: TestServer, token: string): Inject {
  return (options) =>
    server.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
}

async function createToken(as: Inject, name = 'ci', expiresInDays: number | null = null) {
  const created = await as({ method: 'POST', url: '/api/api-tokens', payload: { name, expiresInDays } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { token: string; apiToken: { id: string; name: string; hint: string } };
}

async function upload(as: Inject, name: string, text: string): Promise<string> {
  const response = await as({
    method: 'POST',
    url: `/api/source-files?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().fileId;
}

const apply = (as: Inject, payload: object) => as({ method: 'POST', url: '/api/syncs/apply', payload });
const exportAll = (as: Inject, format = 'yaml') => as({ method: 'GET', url: `/api/syncs/export?format=${format}` });

/** Three syncs that between them use every kind of secret, a database and a file source. */
type SyncIds = Record<'bare' | 'clicks' | 'orders (EU)', string>;

async function createExampleSyncs(server: TestServer): Promise<SyncIds> {
  const fileId = await upload(server.inject, 'clicks.csv', CSV);
  const payloads = [
    {
      name: 'orders (EU)',
      description: 'Orders of the EU shop',
      source: {
        type: 'postgresql',
        ...databaseConnectionFromUrl(testEnv.databaseUrl),
        password: SECRETS.sourcePassword,
        table: `public.${table}`,
      },
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.saslPlaintext,
        topic: 'orders-eu',
        sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: SECRETS.scram },
      },
      columnMapping: {
        rows: [
          { sourceColumn: 'id', targetColumn: 'id' },
          { sourceColumn: 'customer', targetColumn: 'customer.name' },
          { sourceColumn: 'amount', targetColumn: 'amount' },
        ],
        keyColumn: 'id',
      },
      jobSettings: { compression: 'gzip', batchSize: 500, errorLimit: 10 },
    },
    {
      name: 'clicks',
      source: { type: 'delimited-file', fileId, delimiter: ',' },
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.oidc,
        topic: 'clicks',
        ssl: {
          isEnabled: true,
          caCertificate: kafka.caPem,
          clientCertificate: kafka.caPem,
          clientKey: SECRETS.clientKey,
        },
        sasl: {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: kafka.oidc.tokenEndpoint,
          clientId: kafka.oidc.clientId,
          clientSecret: SECRETS.clientSecret,
          scope: kafka.oidc.scope,
        },
      },
      columnMapping: { rows: [{ sourceColumn: 'page', targetColumn: 'page' }] },
    },
    {
      name: 'bare',
      destination: {
        type: 'kafka-topic',
        bootstrapServers: 'kafka-1:9092,kafka-2:9092',
        topic: 'bare',
        sasl: { mechanism: 'OAUTHBEARER', principal: 'svc', extensions: [{ key: 'tenant', value: 'eu' }] },
      },
    },
  ];
  const created: Record<string, string> = {};
  for (const payload of payloads) {
    const response = await server.inject({ method: 'POST', url: '/api/syncs', payload });
    expect(response.statusCode, response.body).toBe(201);
    created[payload.name] = response.json().id;
  }
  return created as SyncIds;
}

let source: TestServer;
let ids: SyncIds;
const others: TestServer[] = [];

beforeAll(async () => {
  await withClient((client) =>
    client.query(`create table ${table} (id int primary key, customer text, amount numeric(10,2));
      insert into ${table} values (1, 'Ann', 12.50), (2, 'Bo', 7.25)`),
  );
  source = await startTestServer(testEnv);
  ids = await createExampleSyncs(source);
});
afterAll(async () => {
  await Promise.all([source?.stop(), ...others.map((server) => server.stop())]);
  await withClient((client) => client.query(`drop table if exists ${table}`));
});

async function freshServer(): Promise<TestServer> {
  const server = await startTestServer(testEnv);
  others.push(server);
  return server;
}

describe('export', () => {
  it('writes every sync the caller may view as YAML, secrets as ${NAME} references only', async () => {
    const exported = await exportAll(source.inject);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('application/yaml; charset=utf-8');
    for (const secret of Object.values(SECRETS)) expect(exported.body).not.toContain(secret);
    expect(exported.body).not.toContain(SECRETS.clientKey.split('\n')[1]);

    const document = parseYaml(exported.body);
    expect(document.apiVersion).toBe('tributary/v1');
    expect(document.kind).toBe('SyncList');
    expect(document.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'bare',
      'clicks',
      'orders (EU)',
    ]);
    const [bare, clicks, orders] = document.items;
    expect(orders).toEqual({
      apiVersion: 'tributary/v1',
      kind: 'Sync',
      metadata: { name: 'orders (EU)', description: 'Orders of the EU shop' },
      spec: {
        source: {
          type: 'postgresql',
          ...databaseConnectionFromUrl(testEnv.databaseUrl),
          password: '${TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD}',
          useSsl: false,
          table: `public.${table}`,
        },
        destination: {
          type: 'kafka-topic',
          bootstrapServers: kafka.listeners.saslPlaintext,
          topic: 'orders-eu',
          ssl: { isEnabled: false, skipVerification: false },
          sasl: {
            mechanism: 'SCRAM-SHA-512',
            username: kafka.users.scram512.username,
            password: '${TRIBUTARY_ORDERS_EU_SASL_PASSWORD}',
          },
        },
        columnMapping: {
          rows: [
            { sourceColumn: 'id', targetColumn: 'id' },
            { sourceColumn: 'customer', targetColumn: 'customer.name' },
            { sourceColumn: 'amount', targetColumn: 'amount' },
          ],
          keyColumn: 'id',
          bigNumbersAs: 'string',
        },
        jobSettings: { compression: 'gzip', errorLimit: 10, batchSize: 500 },
      },
    });
    expect(clicks.spec.source).toEqual({
      type: 'delimited-file',
      file: 'clicks.csv',
      delimiter: ',',
      quote: '"',
      escape: '"',
      hasHeaderRow: true,
      encoding: 'utf8',
      skipLines: 0,
    });
    expect(clicks.spec.destination.ssl.clientKey).toBe('${TRIBUTARY_CLICKS_SSL_CLIENT_KEY}');
    expect(clicks.spec.destination.sasl.clientSecret).toBe('${TRIBUTARY_CLICKS_SASL_CLIENT_SECRET}');
    expect(bare.spec.source).toBeNull();
    expect(bare.metadata).toEqual({ name: 'bare' });
    // PEM text stays readable in the file: a block literal, not an escaped one-line string.
    expect(exported.body).toContain('caCertificate: |-\n');
  });

  it('exports one sync, as JSON on request, and answers 404 for a sync the caller may not view', async () => {
    const one = await source.inject({ method: 'GET', url: `/api/syncs/${ids.bare}/export?format=json` });
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(one.body)).toMatchObject({ kind: 'Sync', metadata: { name: 'bare' } });
    expect(one.body).toBe(`${JSON.stringify(JSON.parse(one.body), null, 2)}\n`);

    const stranger = await source.createUser('operator', 'Stranger');
    expect((await stranger.inject({ method: 'GET', url: `/api/syncs/${ids.bare}/export` })).statusCode).toBe(404);
    expect(parseYaml((await exportAll(stranger.inject)).body)).toEqual({
      apiVersion: 'tributary/v1',
      kind: 'SyncList',
      items: [],
    });
    const badFormat = await exportAll(source.inject, 'xml');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().fields).toEqual([{ field: 'querystring.format', message: 'format must be yaml or json' }]);
  });
  it('refuses, naming the setting, to export a sync saved before a rule it now breaks', async () => {
    const created = await source.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: 'legacy',
        destination: { type: 'kafka-topic', bootstrapServers: 'k:9092', topic: 'legacy', sasl: { mechanism: 'NONE' } },
      },
    });
    const id = created.json().id;
    // A name from before control characters were refused.
    await queryRows(source.databaseUrl, `update syncs set name = 'legacy' || chr(7) where id = $1`, [id]);
    try {
      const one = await source.inject({ method: 'GET', url: `/api/syncs/${id}/export` });
      expect(one.statusCode).toBe(409);
      expect(one.json().message).toBe(
        'The data sync "legacy\u0007" cannot be exported until it is saved again with valid settings: metadata.name: Name must not contain the control character U+0007; found at character 7',
      );
      expect((await exportAll(source.inject)).statusCode).toBe(409);
    } finally {
      expect((await source.inject({ method: 'DELETE', url: `/api/syncs/${id}` })).statusCode).toBe(204);
    }
  });
});

describe('apply', () => {
  it('round trip: export, apply to a fresh database with a token, export again gives the same file', async () => {
    const exported = (await exportAll(source.inject)).body;
    const target = await freshServer();
    const { token } = await createToken(target.inject);
    const asToken = withToken(target, token);
    const document = parseYaml(exported);

    const withoutFile = await apply(asToken, { document, variables: VARIABLES });
    expect(withoutFile.statusCode).toBe(400);
    expect(withoutFile.json().fields).toEqual([
      {
        field: 'document.items.1.spec.source.file',
        message:
          'clicks: the file "clicks.csv" is not on this install: upload it and give its id in files (the CLI: --file clicks.csv=PATH)',
      },
    ]);

    const files = { 'clicks.csv': await upload(asToken, 'clicks.csv', CSV) };
    const dryRun = await apply(asToken, { document, variables: VARIABLES, files, dryRun: true });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    expect(dryRun.json().results.map((r: { name: string; action: string }) => [r.name, r.action])).toEqual([
      ['bare', 'create'],
      ['clicks', 'create'],
      ['orders (EU)', 'create'],
    ]);
    expect(dryRun.json().results[2].changes).toMatchObject({
      'destination.topic': { from: null, to: 'orders-eu' },
      'destination.sasl.password': 'changed',
      'source.password': 'changed',
    });
    expect(dryRun.body).not.toContain(SECRETS.scram);
    expect((await target.inject({ method: 'GET', url: '/api/syncs' })).json().syncs).toEqual([]);

    const applied = await apply(asToken, { document, variables: VARIABLES, files });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().results.map((r: { action: string }) => r.action)).toEqual(['create', 'create', 'create']);
    expect((await exportAll(target.inject)).body).toBe(exported);

    // The secrets arrived: SCRAM passes against the broker with the stored password.
    const created = (await target.inject({ method: 'GET', url: '/api/syncs' })).json().syncs;
    const ordersId = created.find((sync: { name: string }) => sync.name === 'orders (EU)').id;
    const stored = await target.inject({
      method: 'POST',
      url: '/api/connections/test',
      payload: {
        syncId: ordersId,
        destination: {
          ...document.items[2].spec.destination,
          sasl: { ...document.items[2].spec.destination.sasl, password: '' },
        },
      },
    });
    expect(stored.json().steps.find((step: { step: string }) => step.step === 'sasl')).toMatchObject({
      status: 'passed',
    });

    // Applying the same file again changes nothing, file included (same bytes, new upload).
    const again = await apply(asToken, {
      document,
      variables: VARIABLES,
      files: { 'clicks.csv': await upload(asToken, 'clicks.csv', CSV) },
    });
    expect(again.json().results.map((r: { action: string }) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    // And with no file given, the sync keeps its file of that name.
    const noFile = await apply(asToken, { document, variables: VARIABLES, dryRun: true });
    expect(noFile.json().results[1]).toEqual({ name: 'clicks', action: 'unchanged', changes: {} });

    const audit = (await target.inject({ method: 'GET', url: '/api/audit-events?action=sync.*' })).json().events;
    expect(audit.map((event: { action: string }) => event.action).sort()).toEqual([
      'sync.apply',
      'sync.create',
      'sync.create',
      'sync.create',
    ]);
    const summary = audit.find((event: { action: string }) => event.action === 'sync.apply');
    expect(summary.details).toMatchObject({
      create: ['bare', 'clicks', 'orders (EU)'],
      update: [],
      unchanged: [],
      viaApiToken: expect.any(String),
    });
    expect(JSON.stringify(audit)).not.toContain(SECRETS.scram);
  });

  it('fails naming each missing secret variable, and changes nothing', async () => {
    const target = await freshServer();
    const document = parseYaml((await exportAll(source.inject)).body);
    const { TRIBUTARY_ORDERS_EU_SASL_PASSWORD: _missing, ...variables } = VARIABLES;
    const answer = await apply(target.inject, {
      document,
      variables: { ...variables, TRIBUTARY_CLICKS_SASL_CLIENT_SECRET: '' },
      files: { 'clicks.csv': await upload(target.inject, 'clicks.csv', CSV) },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message:
        'Secret variables not set: TRIBUTARY_CLICKS_SASL_CLIENT_SECRET, TRIBUTARY_ORDERS_EU_SASL_PASSWORD. Nothing was changed.',
      fields: [
        {
          field: 'document.items.1.spec.destination.sasl.clientSecret',
          message: 'clicks: the variable TRIBUTARY_CLICKS_SASL_CLIENT_SECRET is empty',
        },
        {
          field: 'document.items.2.spec.destination.sasl.password',
          message: 'orders (EU): the variable TRIBUTARY_ORDERS_EU_SASL_PASSWORD is not set',
        },
      ],
    });
    expect((await target.inject({ method: 'GET', url: '/api/syncs' })).json().syncs).toEqual([]);
  });

  it('refuses a secret written into the file instead of a reference', async () => {
    const document = parseYaml(
      (await source.inject({ method: 'GET', url: `/api/syncs/${ids['orders (EU)']}/export` })).body,
    );
    document.spec.destination.sasl.password = 'hunter2';
    const answer = await apply(source.inject, { document, variables: VARIABLES, dryRun: true });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().fields).toEqual([
      {
        field: 'body.document.spec.destination.sasl.password',
        message:
          'Write a secret as a ${NAME} reference to an environment variable (capital letters, digits and _), never the secret itself',
      },
    ]);
    expect(answer.body).not.toContain('hunter2');
  });

  it('dry run shows field-level differences and changes nothing', async () => {
    const id = ids['orders (EU)'];
    const document = parseYaml((await source.inject({ method: 'GET', url: `/api/syncs/${id}/export` })).body);
    document.spec.destination.topic = 'orders-eu-v2';
    document.spec.jobSettings.batchSize = 2000;
    document.spec.columnMapping.keyColumn = null;
    const before = (await source.inject({ method: 'GET', url: `/api/syncs/${id}` })).json();
    const auditBefore = (await source.inject({ method: 'GET', url: '/api/audit-events?limit=500' })).json().events;

    const answer = await apply(source.inject, {
      document,
      variables: { ...VARIABLES, TRIBUTARY_ORDERS_EU_SASL_PASSWORD: 'another-password' },
      dryRun: true,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      dryRun: true,
      results: [
        {
          name: 'orders (EU)',
          action: 'update',
          changes: {
            'destination.topic': { from: 'orders-eu', to: 'orders-eu-v2' },
            'columnMapping.keyColumn': { from: 'id', to: null },
            'jobSettings.batchSize': { from: 500, to: 2000 },
            'destination.sasl.password': 'changed',
          },
        },
      ],
    });
    expect(answer.body).not.toContain('another-password');
    expect((await source.inject({ method: 'GET', url: `/api/syncs/${id}` })).json()).toEqual(before);
    const auditAfter = (await source.inject({ method: 'GET', url: '/api/audit-events?limit=500' })).json().events;
    expect(auditAfter).toEqual(auditBefore);

    // The same document applied for real makes exactly that change, audited as an update.
    const applied = await apply(source.inject, { document, variables: VARIABLES });
    expect(applied.json().results[0]).toMatchObject({ action: 'update' });
    expect(Object.keys(applied.json().results[0].changes)).toEqual([
      'destination.topic',
      'columnMapping.keyColumn',
      'jobSettings.batchSize',
    ]);
    const after = (await source.inject({ method: 'GET', url: `/api/syncs/${id}` })).json();
    expect(after).toMatchObject({ destination: { topic: 'orders-eu-v2' }, jobSettings: { batchSize: 2000 } });
    const update = (
      await source.inject({ method: 'GET', url: `/api/audit-events?action=sync.update&targetId=${id}` })
    ).json().events[0];
    expect(update.details.changes['destination.topic']).toEqual({ from: 'orders-eu', to: 'orders-eu-v2' });

    document.spec.destination.topic = 'orders-eu';
    document.spec.jobSettings.batchSize = 500;
    document.spec.columnMapping.keyColumn = 'id';
    expect((await apply(source.inject, { document, variables: VARIABLES })).statusCode).toBe(200);
  });

  it('keeps a stored secret the document leaves out, only while it still goes where it was stored for', async () => {
    const id = ids['orders (EU)'];
    const document = parseYaml((await source.inject({ method: 'GET', url: `/api/syncs/${id}/export` })).body);
    delete document.spec.destination.sasl.password;
    const { TRIBUTARY_ORDERS_EU_SASL_PASSWORD: _omitted, ...variables } = VARIABLES;
    const kept = await apply(source.inject, { document, variables, dryRun: true });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().results).toEqual([{ name: 'orders (EU)', action: 'unchanged', changes: {} }]);

    document.spec.destination.bootstrapServers = 'elsewhere.example.com:9092';
    const moved = await apply(source.inject, { document, variables, dryRun: true });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().fields).toEqual([
      {
        field: 'document.spec.destination.sasl.password',
        message: 'orders (EU): Type the Password again: the Bootstrap Servers changed',
      },
    ]);
  });

  it('answers a sync the caller may not view as a name clash, as the editor does', async () => {
    const operator = await source.createUser('operator', 'Name Clasher');
    const document = parseYaml((await source.inject({ method: 'GET', url: `/api/syncs/${ids.bare}/export` })).body);
    const clash = await apply(operator.inject, { document, dryRun: true });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toEqual({
      code: 'CONFLICT',
      message: 'bare: A data sync named "bare" already exists. Nothing was changed.',
      fields: [{ field: 'document.metadata.name', message: 'bare: A data sync named "bare" already exists' }],
    });
  });

  it('applies all syncs or none: one invalid sync keeps the valid one from being created', async () => {
    const document = parseYaml((await exportAll(source.inject)).body);
    const fresh = structuredClone(document.items[0]);
    fresh.metadata.name = 'would-be-new';
    const broken = structuredClone(document.items[2]);
    broken.spec.columnMapping.rows.push({ sourceColumn: 'no_such_column', targetColumn: 'x' });
    const answer = await apply(source.inject, {
      document: { apiVersion: 'tributary/v1', kind: 'SyncList', items: [fresh, broken] },
      variables: VARIABLES,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().fields).toEqual([
      {
        field: 'document.items.1.spec.columnMapping.rows.3.sourceColumn',
        message: expect.stringMatching(/^orders \(EU\): Row 4: .*no_such_column/),
      },
    ]);
    expect(answer.json().message).toMatch(/Nothing was changed\.$/);
    const names = (await source.inject({ method: 'GET', url: '/api/syncs' }))
      .json()
      .syncs.map((s: { name: string }) => s.name);
    expect(names).not.toContain('would-be-new');
  });

  it('rejects a document listing one sync twice, and an unknown key, naming each', async () => {
    const document = parseYaml((await exportAll(source.inject)).body);
    const twice = await apply(source.inject, {
      document: { ...document, items: [document.items[0], document.items[0]] },
      dryRun: true,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().fields).toEqual([
      { field: 'body.document.items.1.metadata.name', message: 'The data sync "bare" is listed twice (items 0 and 1)' },
    ]);
    const typo = await apply(source.inject, {
      document: { ...document.items[0], spec: { ...document.items[0].spec, destinaton: {} } },
      dryRun: true,
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().message).toContain('destinaton');
  });
});

describe('permissions of apply and export', () => {
  it('a viewer’s token exports what they may view; apply answers 403', async () => {
    const viewer = await source.createUser('viewer', 'Vera Viewer');
    await grantPermissions(source, ids.bare, [{ user: viewer, permissions: ['view'] }]);
    const { token } = await createToken(viewer.inject, 'viewer-ci');
    const asViewer = withToken(source, token);

    const exported = await exportAll(asViewer);
    expect(exported.statusCode).toBe(200);
    const document = parseYaml(exported.body);
    expect(document.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['bare']);
    expect((await asViewer({ method: 'GET', url: `/api/syncs/${ids.clicks}/export` })).statusCode).toBe(404);

    const refused = await apply(asViewer, { document, dryRun: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: 'FORBIDDEN',
      message: 'Only admin or operator users may do this; you are viewer',
    });
  });

  it('an operator may create by apply but not update a sync they may only view', async () => {
    const operator = await source.createUser('operator', 'Otto Operator');
    await grantPermissions(source, ids.bare, [{ user: operator, permissions: ['view'] }]);
    const asOperator = withToken(source, (await createToken(operator.inject)).token);
    const bare = parseYaml((await exportAll(asOperator)).body).items[0];
    bare.spec.destination.topic = 'changed-by-operator';
    const created = structuredClone(bare);
    created.metadata.name = `operator-made-${Date.now()}`;

    const refused = await apply(asOperator, {
      document: { apiVersion: 'tributary/v1', kind: 'SyncList', items: [created, bare] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: 'FORBIDDEN',
      message: 'bare: You may not edit the data sync "bare". Nothing was changed.',
      fields: [{ field: 'document.items.1.metadata.name', message: 'bare: You may not edit the data sync "bare"' }],
    });
    expect((await source.inject({ method: 'GET', url: `/api/syncs/${ids.bare}` })).json().destination.topic).toBe(
      'bare',
    );

    const alone = await apply(asOperator, { document: created });
    expect(alone.statusCode, alone.body).toBe(200);
    expect(alone.json().results).toEqual([expect.objectContaining({ name: created.metadata.name, action: 'create' })]);
  });
});

describe('API tokens', () => {
  it('shows a token once, stores only its SHA-256, and lists it without the token', async () => {
    const { token, apiToken } = await createToken(source.inject, 'deploy');
    expect(token).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'deploy',
      hint: `${token.slice(0, 8)}…`,
      lastUsedAt: null,
      expiresAt: null,
    });
    const list = await source.inject({ method: 'GET', url: '/api/api-tokens' });
    expect(list.json().tokens).toContainEqual(expect.objectContaining({ id: apiToken.id, name: 'deploy' }));
    expect(list.body).not.toContain(token);

    const [row] = await queryRows(source.databaseUrl, 'select * from api_tokens where id = $1', [apiToken.id]);
    expect(row!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token.slice(8));

    expect((await withToken(source, token)({ method: 'GET', url: '/api/syncs' })).statusCode).toBe(200);
    const used = (await source.inject({ method: 'GET', url: '/api/api-tokens' })).json().tokens;
    expect(used.find((t: { id: string }) => t.id === apiToken.id).lastUsedAt).not.toBeNull();
  });

  it('needs no CSRF header, unlike a session', async () => {
    const { token } = await createToken(source.inject);
    const document = parseYaml((await exportAll(source.inject)).body);
    const payload = { document: document.items[0], dryRun: true };
    const byToken = await withToken(source, token)({ method: 'POST', url: '/api/syncs/apply', payload });
    expect(byToken.statusCode, byToken.body).toBe(200);
    const bySession = await source.inject({
      method: 'POST',
      url: '/api/syncs/apply',
      payload,
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(bySession.statusCode).toBe(403);
    expect(bySession.json().message).toBe('Missing or wrong CSRF token');
  });

  it('answers 401 for a revoked, expired, unknown or malformed token, and for a disabled user’s', async () => {
    const user = await source.createUser('operator', 'Token Holder');
    const revoked = await createToken(user.inject, 'revoked');
    const expired = await createToken(user.inject, 'expired', 30);
    const disabled = await createToken(user.inject, 'disabled');
    const call = (token: string) => withToken(source, token)({ method: 'GET', url: '/api/syncs' });
    for (const { token } of [revoked, expired, disabled]) expect((await call(token)).statusCode).toBe(200);

    const revoke = await user.inject({ method: 'DELETE', url: `/api/api-tokens/${revoked.apiToken.id}` });
    expect(revoke.statusCode).toBe(204);
    await queryRows(
      source.databaseUrl,
      `update api_tokens set expires_at = now() - interval '1 second' where id = $1`,
      [expired.apiToken.id],
    );
    const refusal = {
      code: 'UNAUTHENTICATED',
      message: 'The API token is not valid: it was revoked, expired or mistyped, or its user is disabled',
    };
    for (const token of [revoked.token, expired.token, `${disabled.token}x`, 'trb_nonsense', 'not-a-tributary-token']) {
      const answer = await call(token);
      expect({ token: token.slice(0, 12), status: answer.statusCode, body: answer.json() }).toEqual({
        token: token.slice(0, 12),
        status: 401,
        body: refusal,
      });
    }

    const disable = await source.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { isDisabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect((await call(disabled.token)).statusCode).toBe(401);

    // Revoking someone else's token, or twice, is a 404; the list no longer shows a revoked one.
    const other = await source.inject({ method: 'DELETE', url: `/api/api-tokens/${disabled.apiToken.id}` });
    expect(other.statusCode).toBe(404);
    const audit = (
      await source.inject({ method: 'GET', url: `/api/audit-events?action=api-token.*&actorId=${user.id}` })
    ).json().events;
    expect(
      audit.map((event: { action: string; details: { name: string } }) => [event.action, event.details.name]),
    ).toEqual([
      ['api-token.revoke', 'revoked'],
      ['api-token.create', 'disabled'],
      ['api-token.create', 'expired'],
      ['api-token.create', 'revoked'],
    ]);
  });

  it('cannot manage tokens with a token, and leaves other Authorization schemes to the session', async () => {
    const { token, apiToken } = await createToken(source.inject);
    const asToken = withToken(source, token);
    for (const request of [
      { method: 'GET' as const, url: '/api/api-tokens' },
      { method: 'POST' as const, url: '/api/api-tokens', payload: { name: 'spawned' } },
      { method: 'DELETE' as const, url: `/api/api-tokens/${apiToken.id}` },
    ]) {
      const answer = await asToken(request);
      expect({ url: request.url, status: answer.statusCode, message: answer.json().message }).toEqual({
        url: request.url,
        status: 403,
        message: 'API tokens are managed from a signed-in session, not with an API token',
      });
    }
    // A proxy's Basic credentials are not a Tributary token: the session cookie still counts.
    const basic = await source.inject({
      method: 'GET',
      url: '/api/syncs',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.statusCode).toBe(200);
  });

  it('rejects a bad token request naming the field', async () => {
    const answer = await source.inject({
      method: 'POST',
      url: '/api/api-tokens',
      payload: { name: ' ', expiresInDays: 0 },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().fields).toEqual([
      { field: 'body.name', message: 'Name is required' },
      { field: 'body.expiresInDays', message: 'Expires in days must be 1–3650' },
    ]);
  });
});
