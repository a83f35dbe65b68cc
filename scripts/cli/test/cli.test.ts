import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseConnectionFromUrl } from '@tributary/core';
import { startTestServer, type TestServer } from '@tributary/api/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const testEnv = inject('testEnv');
const { kafka } = testEnv;
const REPO = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO, 'scripts/cli/src/main.ts');
const table = `cli_source_${Date.now()}`;
const CSV = 'id,page\n1,/home\n2,/cart\n';
const VARIABLES = {
  TRIBUTARY_ORDERS_SOURCE_PASSWORD: 'source-pw-cli',
  TRIBUTARY_ORDERS_SASL_PASSWORD: kafka.users.scram512.password,
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, in its own process, bounded in time. */
function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  command = [process.execPath, '--import', 'tsx', CLI],
  cwd = REPO,
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function tokenFor(server: TestServer): Promise<string> {
  const created = await server.inject({ method: 'POST', url: '/api/api-tokens', payload: { name: 'cli test' } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().token;
}

let source: TestServer;
let target: TestServer;
let dir: string;
let sourceEnv: Record<string, string>;
let targetEnv: Record<string, string>;

beforeAll(async () => {
  await withClient((client) =>
    client.query(`create table ${table} (id int primary key, customer text); insert into ${table} values (1, 'Ann')`),
  );
  [source, target] = await Promise.all([startTestServer(testEnv), startTestServer(testEnv)]);
  dir = await mkdtemp(join(tmpdir(), 'tributary-cli-'));
  await writeFile(join(dir, 'clicks.csv'), CSV);
  sourceEnv = { TRIBUTARY_URL: source.url, TRIBUTARY_TOKEN: await tokenFor(source) };
  targetEnv = { TRIBUTARY_URL: target.url, TRIBUTARY_TOKEN: await tokenFor(target), ...VARIABLES };

  const upload = await source.inject({
    method: 'POST',
    url: '/api/source-files?name=clicks.csv',
    headers: { 'content-type': 'text/csv' },
    payload: CSV,
  });
  for (const payload of [
    {
      name: 'orders',
      source: {
        type: 'postgresql',
        ...databaseConnectionFromUrl(testEnv.databaseUrl),
        password: VARIABLES.TRIBUTARY_ORDERS_SOURCE_PASSWORD,
        table,
      },
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.saslPlaintext,
        topic: 'orders',
        sasl: {
          mechanism: 'SCRAM-SHA-512',
          username: kafka.users.scram512.username,
          password: VARIABLES.TRIBUTARY_ORDERS_SASL_PASSWORD,
        },
      },
      columnMapping: { rows: [{ sourceColumn: 'customer', targetColumn: 'customer' }], keyColumn: 'id' },
    },
    {
      name: 'clicks',
      source: { type: 'delimited-file', fileId: upload.json().fileId },
      destination: {
        type: 'kafka-topic',
        bootstrapServers: 'kafka:9092',
        topic: 'clicks',
        sasl: { mechanism: 'NONE' },
      },
      columnMapping: { rows: [{ sourceColumn: 'page', targetColumn: 'page' }] },
    },
  ]) {
    const created = await source.inject({ method: 'POST', url: '/api/syncs', payload });
    expect(created.statusCode, created.body).toBe(201);
  }
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
  await withClient((client) => client.query(`drop table if exists ${table}`));
});

const syncNames = async (server: TestServer) =>
  (await server.inject({ method: 'GET', url: '/api/syncs' })).json().syncs.map((sync: { name: string }) => sync.name);

describe('pnpm tributary', () => {
  it('round trip: export, dry run and apply on a fresh database, export again gives the same file', async () => {
    const exported = await runCli(['export', '--out', join(dir, 'a.yaml')], sourceEnv);
    expect(exported, exported.stderr).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toBe(`Wrote every data sync you may view to ${join(dir, 'a.yaml')}\n`);
    const text = await readFile(join(dir, 'a.yaml'), 'utf8');
    expect(text).toContain('password: ${TRIBUTARY_ORDERS_SASL_PASSWORD}');
    expect(text).not.toContain(VARIABLES.TRIBUTARY_ORDERS_SASL_PASSWORD);

    const applyArgs = ['apply', join(dir, 'a.yaml'), '--file', `clicks.csv=${join(dir, 'clicks.csv')}`];
    const dryRun = await runCli([...applyArgs, '--dry-run'], targetEnv);
    expect(dryRun, dryRun.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(dryRun.stdout).toBe(
      [
        '+ create    clicks',
        '+ create    orders',
        'Dry run: 2 to create, 0 to update, 0 unchanged. Nothing was changed; run without --dry-run to apply.',
        '',
      ].join('\n'),
    );
    expect(await syncNames(target)).toEqual([]);

    const applied = await runCli(applyArgs, targetEnv);
    expect(applied, applied.stderr).toMatchObject({ code: 0 });
    expect(applied.stdout).toContain('Applied: 2 created, 0 updated, 0 unchanged.');
    expect(await syncNames(target)).toEqual(['clicks', 'orders']);

    const again = await runCli(['export', '--out', join(dir, 'b.yaml')], targetEnv);
    expect(again.code).toBe(0);
    expect(await readFile(join(dir, 'b.yaml'), 'utf8')).toBe(text);

    const json = await runCli(['export', '--sync', 'orders', '--format', 'json'], targetEnv);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'Sync', metadata: { name: 'orders' } });
  });

  it('dry run prints each difference and changes nothing', async () => {
    const exported = await runCli(['export', '--sync', 'orders'], sourceEnv);
    expect(exported.code).toBe(0);
    const changed = exported.stdout
      .replace('topic: orders', 'topic: orders-v2')
      .replace('batchSize: 1000', 'batchSize: 250');
    await writeFile(join(dir, 'orders.yaml'), changed);
    const before = (await source.inject({ method: 'GET', url: '/api/syncs' })).json();

    const dryRun = await runCli(['apply', join(dir, 'orders.yaml'), '--dry-run'], { ...sourceEnv, ...VARIABLES });
    expect(dryRun, dryRun.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(dryRun.stdout).toBe(
      [
        '~ update    orders',
        '    destination.topic: "orders" → "orders-v2"',
        '    jobSettings.batchSize: 1000 → 250',
        'Dry run: 0 to create, 1 to update, 0 unchanged. Nothing was changed; run without --dry-run to apply.',
        '',
      ].join('\n'),
    );
    expect((await source.inject({ method: 'GET', url: '/api/syncs' })).json()).toEqual(before);

    await writeFile(join(dir, 'same.yaml'), exported.stdout);
    const same = await runCli(['apply', join(dir, 'same.yaml'), '--dry-run'], { ...sourceEnv, ...VARIABLES });
    expect(same).toMatchObject({
      code: 0,
      stdout: '= unchanged orders\nDry run: no differences (1 unchanged); nothing to apply.\n',
    });
  });

  it('fails naming each secret variable that is not set, before sending anything', async () => {
    const exported = await runCli(['export', '--sync', 'orders', '--out', join(dir, 'one.yaml')], sourceEnv);
    expect(exported.code).toBe(0);
    const run = await runCli(['apply', join(dir, 'one.yaml')], {
      ...sourceEnv,
      TRIBUTARY_ORDERS_SASL_PASSWORD: VARIABLES.TRIBUTARY_ORDERS_SASL_PASSWORD,
    });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: Set the secret variables the document refers to:\n  orders: the variable TRIBUTARY_ORDERS_SOURCE_PASSWORD is not set\n',
    });
  });

  it('reports the HTTP status and the server’s message', async () => {
    const badToken = await runCli(['export'], { ...sourceEnv, TRIBUTARY_TOKEN: 'trb_revoked-or-never-was' });
    expect(badToken).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: HTTP 401 Unauthorized: The API token is not valid: it was revoked, expired or mistyped, or its user is disabled\n',
    });

    const viewer = await source.createUser('viewer');
    const viewerToken = (
      await viewer.inject({ method: 'POST', url: '/api/api-tokens', payload: { name: 'viewer' } })
    ).json().token;
    await writeFile(join(dir, 'bare.yaml'), BARE_SYNC);
    const refused = await runCli(['apply', join(dir, 'bare.yaml')], { ...sourceEnv, TRIBUTARY_TOKEN: viewerToken });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error: HTTP 403 Forbidden: Only admin or operator users may do this; you are viewer\n',
    );

    await writeFile(join(dir, 'broken.yaml'), BARE_SYNC.replace('topic: bare', 'topic: "a b"'));
    const invalid = await runCli(['apply', join(dir, 'broken.yaml')], sourceEnv);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      `Error: ${join(dir, 'broken.yaml')} is not a valid sync document:\n  bare: spec.destination.topic: Topic Name may contain only letters, digits, ".", "_" and "-" (found space)\n`,
    );

    const port = await closedPort();
    const unreachable = await runCli(['export'], { ...sourceEnv, TRIBUTARY_URL: `http://127.0.0.1:${port}` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(`Error: Cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('answers wrong usage with exit code 2 and the usage text', async () => {
    await writeFile(join(dir, 'bare.yaml'), BARE_SYNC);
    const cases: Array<[string[], Record<string, string>, string]> = [
      [[], sourceEnv, 'Give a command: export or apply'],
      [['import'], sourceEnv, 'Unknown command "import"'],
      [['export', '--format', 'xml'], sourceEnv, '--format must be yaml or json'],
      [['export', '--colour'], sourceEnv, "Unknown option '--colour'"],
      [['apply'], sourceEnv, 'apply takes exactly one FILE'],
      [['apply', join(dir, 'bare.yaml'), '--file', 'x.csv'], sourceEnv, '--file x.csv: write it as NAME=PATH'],
      [
        ['apply', join(dir, 'bare.yaml'), '--file', 'x.csv=/tmp/x.csv'],
        sourceEnv,
        '--file x.csv: no delimited source of the document uses a file named x.csv',
      ],
      [['export'], { TRIBUTARY_URL: source.url }, 'TRIBUTARY_TOKEN is not set'],
      [
        ['export'],
        { TRIBUTARY_URL: 'ftp://x', TRIBUTARY_TOKEN: 'trb_x' },
        'TRIBUTARY_URL must be an http:// or https:// address',
      ],
    ];
    for (const [args, env, message] of cases) {
      const run = await runCli(args, env);
      expect({ args, code: run.code, stderr: run.stderr.includes(message) }, run.stderr).toEqual({
        args,
        code: 2,
        stderr: true,
      });
    }
  });

  it('runs as `pnpm tributary` from any folder of the repository, paths taken from that folder', async () => {
    const run = await runCli(
      ['export', '--sync', 'clicks', '--out', 'clicks-export.yaml'],
      sourceEnv,
      ['pnpm', '--silent', 'tributary'],
      join(REPO, 'scripts/cli'),
    );
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const written = await readFile(join(REPO, 'scripts/cli/clicks-export.yaml'), 'utf8');
    await rm(join(REPO, 'scripts/cli/clicks-export.yaml'));
    expect(written).toContain('file: clicks.csv');
  });
});

const BARE_SYNC = `apiVersion: tributary/v1
kind: Sync
metadata:
  name: bare
spec:
  destination:
    type: kafka-topic
    bootstrapServers: kafka:9092
    topic: bare
    sasl:
      mechanism: NONE
`;
