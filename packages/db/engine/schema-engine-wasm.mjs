#!/usr/bin/env node
// Prisma's schema engine for machines that cannot download its native binary: speaks the
// binary's JSON-RPC (one JSON object per line on stdin/stdout) and forwards each call to
// @prisma/schema-engine-wasm, driven through @prisma/adapter-pg. Prisma's CLI runs it when
// PRISMA_SCHEMA_ENGINE_BINARY points here (see ../bin/prisma.mjs).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

const require = createRequire(import.meta.url);
// The package exports neither its package.json nor its .wasm: find its folder from its entry.
const ENGINE_DIR = dirname(require.resolve('@prisma/schema-engine-wasm'));
const ENGINE_VERSION = JSON.parse(readFileSync(join(ENGINE_DIR, 'package.json'), 'utf8')).version;

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--datamodels') args.datamodels.push(argv[++i]);
    else if (argv[i] === '--datasource') args.datasource = JSON.parse(argv[++i]);
    else if (argv[i] === '--version' || argv[i] === '-V') args.version = true;
    else if (argv[i] === 'cli') args.cliCommand = argv[++i];
    else if (argv[i] === '--enabled-preview-features' || argv[i] === '--extension-types') i += 1;
  }
  return args;
}

// Node 20 cannot `import` a .wasm file: instantiate it by hand with the generated glue.
function loadEngine() {
  const bytes = readFileSync(join(ENGINE_DIR, 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': engineGlue });
  engineGlue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return engineGlue.SchemaEngine;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

// (d) `?schema=` never reaches search_path through the adapter; pass it as a startup option.
function poolConfig(url) {
  const schema = new URL(url).searchParams.get('schema');
  return schema
    ? { connectionString: url, options: `-c search_path="${schema.replaceAll('"', '""')}"` }
    : { connectionString: url };
}

// (a) adapter-pg cannot map PostgreSQL's internal "char" type (OID 18), which the engine's
// catalog queries return; report it as text. Patched once on the shared query prototype.
const CHAR_OID = 18;
const TEXT_OID = 25;
function reportCharAsText(adapter) {
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto || proto.performIO.isCharPatched) return adapter;
  const performIO = proto.performIO;
  proto.performIO = Object.assign(
    async function patchedPerformIO(query) {
      const result = await performIO.call(this, query);
      for (const field of result.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
      return result;
    },
    { isCharPatched: true },
  );
  return adapter;
}

async function withAdminClient(url, work) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// (b) adapter-pg drops its shadow database before closing that database's pool, and `pg`
// ignores a database name given next to a connection string: make our own shadow databases.
function adapterFactory(url) {
  const factory = new PrismaPg(poolConfig(url));
  // The engine expects adapters whose calls answer { ok, value | error }, as Prisma binds them.
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => reportCharAsText(await factory.connect()),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await withAdminClient(url, (client) => client.query(`CREATE DATABASE "${name}"`));
      const adapter = reportCharAsText(await new PrismaPg(poolConfig(withDatabase(url, name))).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await withAdminClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      };
      return adapter;
    },
  });
}

function logLine(message, level = 'INFO') {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target: 'schema_engine_wasm' })}\n`,
  );
}

const quoteIdentifier = (name) => `"${name.replaceAll('"', '""')}"`;
const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * The binary's one-shot `cli <command>` mode. Failures go to stderr as the engine's log lines:
 * Prisma skips the first line and reads `fields.error_code` / `fields.message` of the rest.
 */
async function runCliCommand(command, url) {
  try {
    if (command === 'can-connect-to-database') {
      const client = new pg.Client(poolConfig(url));
      await client.connect();
      await client.end();
    } else if (command === 'create-database') {
      await withAdminClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(databaseName(url))}`));
    } else if (command === 'drop-database') {
      await withAdminClient(url, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(url))} WITH (FORCE)`),
      );
    } else {
      throw Object.assign(new Error(`unknown cli command ${command}`), { errorCode: 'P1000' });
    }
    return 0;
  } catch (error) {
    // 3D000: the database does not exist, which Prisma offers to create.
    const errorCode = error.errorCode ?? (error.code === '3D000' ? 'P1003' : 'P1001');
    process.stderr.write(`schema-engine-wasm ${ENGINE_VERSION}\n`);
    process.stderr.write(
      `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { error_code: errorCode, message: error.message } })}\n`,
    );
    return 1;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-wasm ${ENGINE_VERSION}\n`);
    return;
  }
  const url = args.datasource?.url || process.env.DATABASE_URL;
  if (args.cliCommand) {
    process.exitCode = await runCliCommand(args.cliCommand, url);
    return;
  }
  const datamodels = args.datamodels.map((path) => [path, readFileSync(path, 'utf8')]);
  const SchemaEngine = loadEngine();
  let engine;
  const getEngine = async () => {
    if (!url)
      throw Object.assign(new Error('no database URL: set DATABASE_URL or datasource.url in prisma.config.ts'), {
        code: 'P1012',
      });
    engine ??= await SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      (log) => logLine(log),
      adapterFactory(url),
    );
    return engine;
  };
  let diagnosedHistory = false;

  const handlers = {
    getDatabaseVersion: async () =>
      withAdminClient(url, async (client) => (await client.query('select version()')).rows[0].version),
    createDatabase: async () => {
      await withAdminClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(databaseName(url))}`));
      return { databaseName: databaseName(url) };
    },
    // The native engine hands diff output to the CLI as a `print` request; the Wasm engine
    // returns it instead.
    diff: async (params) => {
      const result = await (await getEngine()).diff(params);
      if (result.stdout !== null && result.stdout !== undefined) {
        process.stdout.write(
          `${JSON.stringify({ jsonrpc: '2.0', id: `print-${randomUUID()}`, method: 'print', params: { content: result.stdout } })}\n`,
        );
      }
      return { exitCode: result.exitCode };
    },
    diagnoseMigrationHistory: async (params) => {
      diagnosedHistory = true;
      return (await getEngine()).diagnoseMigrationHistory(params);
    },
  };
  // (c) these need the shadow database that a prior opt-in history diagnosis sets up.
  for (const method of ['evaluateDataLoss', 'createMigration']) {
    handlers[method] = async (params) => {
      const current = await getEngine();
      if (!diagnosedHistory) {
        await current.diagnoseMigrationHistory({
          migrationsList: params.migrationsList,
          optInToShadowDatabase: true,
          filters: params.filters,
        });
        diagnosedHistory = true;
      }
      return current[method](params);
    };
  }

  const call = async (method, params) => {
    if (handlers[method]) return handlers[method](params);
    const current = await getEngine();
    if (typeof current[method] !== 'function')
      throw Object.assign(new Error(`the WebAssembly schema engine has no method ${method}`), { code: 'P1001' });
    const result = await current[method](params ?? {});
    return result === undefined ? null : result;
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const pending = new Set();
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    // Answers to our own `print` requests.
    if (!request.method) continue;
    const task = call(request.method, request.params)
      .then(
        (result) => ({ jsonrpc: '2.0', id: request.id, result }),
        (error) => {
          const message = error?.message ?? String(error);
          logLine(message, 'ERROR');
          return {
            jsonrpc: '2.0',
            id: request.id,
            error: { code: 4466, message, data: { is_panic: false, message, error_code: error?.code ?? undefined } },
          };
        },
      )
      .then((response) => process.stdout.write(`${JSON.stringify(response)}\n`));
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }
  await Promise.all(pending);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    logLine(error?.stack ?? String(error), 'ERROR');
    process.exit(1);
  },
);
