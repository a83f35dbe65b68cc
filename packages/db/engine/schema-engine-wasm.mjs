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
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
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

// The engine writes its panic message here just before it traps, as in Prisma's own CLI.
const panicRegistry = {
  message: '',
  set_message(message) {
    this.message = message;
  },
};

// Node 20 cannot `import` a .wasm file: instantiate it by hand with the generated glue.
function loadEngine() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
  const bytes = readFileSync(join(ENGINE_DIR, 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': engineGlue });
  engineGlue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return engineGlue.SchemaEngine;
}

const quoteIdentifier = (name) => `"${name.replaceAll('"', '""')}"`;
const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const schemaParam = (url) => new URL(url).searchParams.get('schema') ?? undefined;
const schemaName = (url) => schemaParam(url) ?? 'public';

// (d) `?schema=` never reaches search_path through the adapter; pass it as a startup option,
// and tell the adapter, which reports it to the engine as the schema to migrate.
function poolConfig(url) {
  const schema = schemaParam(url);
  return schema
    ? { connectionString: url, options: `-c search_path=${quoteIdentifier(schema)}` }
    : { connectionString: url };
}
const createAdapterFactory = (url) => new PrismaPg(poolConfig(url), { schema: schemaParam(url) });

// (a) adapter-pg cannot map PostgreSQL's internal "char" type (OID 18), which the engine's
// catalog queries return (`pg_constraint.contype`, ...). The native engine reads it as a single
// character, and the describer accepts nothing else there (a CHECK constraint made it panic
// when reported as text): let adapter-pg parse it as text, then type the column as Character.
// Patched once on the shared query prototype; the rows array ties the two calls together.
const CHAR_OID = 18;
const TEXT_OID = 25;
const charColumnsOfRows = new WeakMap();
function reportCharAsCharacter(adapter) {
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto || proto.performIO.isCharPatched) return;
  const { performIO, queryRaw } = proto;
  proto.performIO = Object.assign(
    async function patchedPerformIO(query) {
      const result = await performIO.call(this, query);
      const charColumns = [];
      (result.fields ?? []).forEach((field, index) => {
        if (field.dataTypeID !== CHAR_OID) return;
        field.dataTypeID = TEXT_OID;
        charColumns.push(index);
      });
      if (charColumns.length && result.rows) charColumnsOfRows.set(result.rows, charColumns);
      return result;
    },
    { isCharPatched: true },
  );
  proto.queryRaw = async function patchedQueryRaw(query) {
    const result = await queryRaw.call(this, query);
    for (const index of charColumnsOfRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

// (e) adapter-pg runs a script (a migration, `db execute`) by splitting it at every ";", also
// inside comments, strings and function bodies, one statement at a time. The native engine sends
// it whole as one simple query, which PostgreSQL runs as one implicit transaction: do the same,
// so a failed migration leaves nothing half-applied.
function runScriptsWhole(adapter) {
  adapter.executeScript = async function executeScript(script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
}

function prepareAdapter(adapter) {
  reportCharAsCharacter(adapter);
  runScriptsWhole(adapter);
  return adapter;
}

async function withClient(url, work) {
  const client = new pg.Client(poolConfig(url));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// Like the native engine: the `postgres` maintenance database, else `template1` (3D000: missing).
async function withAdminClient(url, work) {
  try {
    return await withClient(withDatabase(url, 'postgres'), work);
  } catch (error) {
    if (error?.code !== '3D000') throw error;
    return withClient(withDatabase(url, 'template1'), work);
  }
}

function isSameDatabase(a, b) {
  const [x, y] = [new URL(a), new URL(b)];
  return x.host === y.host && databaseName(a) === databaseName(b) && schemaName(a) === schemaName(b);
}

// (b) adapter-pg drops its shadow database before closing that database's pool, and `pg`
// ignores a database name given next to a connection string: make our own shadow databases.
async function connectThrowAwayShadowDb(url) {
  const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
  await withAdminClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const adapter = prepareAdapter(await createAdapterFactory(withDatabase(url, name)).connect());
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await withAdminClient(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
    );
  };
  return adapter;
}

// (d) A configured shadow database (for users who may not create databases) must start empty,
// as the native engine makes it; refuse the main database, as the native engine does.
async function connectConfiguredShadowDb(url, shadowUrl) {
  if (isSameDatabase(url, shadowUrl))
    throw new Error('The shadow database you configured appears to be the same as the main database.');
  const schema = quoteIdentifier(schemaName(shadowUrl));
  await withClient(shadowUrl, (client) =>
    client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`),
  );
  return prepareAdapter(await createAdapterFactory(shadowUrl).connect());
}

function adapterFactory(url, shadowUrl) {
  const factory = createAdapterFactory(url);
  // The engine expects adapters whose calls answer { ok, value | error }, as Prisma binds them.
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => prepareAdapter(await factory.connect()),
    connectToShadowDb: () => (shadowUrl ? connectConfiguredShadowDb(url, shadowUrl) : connectThrowAwayShadowDb(url)),
  });
}

function logLine(message, level = 'INFO') {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target: 'schema_engine_wasm' })}\n`,
  );
}

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
  const factory = url ? adapterFactory(url, args.datasource?.shadowDatabaseUrl) : undefined;
  // The engine reports a thrown adapter error only as "External error id#N"; name its reason.
  const explain = (message) =>
    message.replace(
      /External error id#(\d+)/g,
      (text, id) => factory?.errorRegistry.consumeError(Number(id))?.error?.message ?? text,
    );
  let engine;
  const getEngine = async () => {
    if (!url)
      throw Object.assign(new Error('no database URL: set DATABASE_URL or datasource.url in prisma.config.ts'), {
        code: 'P1012',
      });
    engine ??= await SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      (log) => logLine(log),
      factory,
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
      diagnosedHistory ||= Boolean(params?.optInToShadowDatabase);
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

  // A Wasm trap inside a future the engine polls from a microtask surfaces as an uncaught
  // exception, and the request it belonged to never settles. Every request in flight, and every
  // later one (a trapped instance is unusable), is answered with the crash instead. Exiting with
  // a request unanswered is no option: Prisma's CLI then awaits an engine `stop()` that never
  // resolves and exits 0 with no output, so a `migrate diff --exit-code` check would pass.
  let crash;
  let reportCrash;
  const crashed = new Promise((resolve) => (reportCrash = resolve));
  const noteCrash = (error) => {
    const isPanic = error instanceof WebAssembly.RuntimeError;
    crash ??= isPanic ? new EnginePanic() : error;
    process.exitCode ??= isPanic ? 101 : 1;
    reportCrash(crash);
    return crash;
  };
  process.on('uncaughtException', noteCrash);
  const errorResponse = (id, error) => {
    const failure = error instanceof WebAssembly.RuntimeError ? noteCrash(error) : error;
    const isPanic = failure instanceof EnginePanic;
    const message = isPanic ? failure.message : explain(failure?.message ?? String(failure));
    logLine(message, 'ERROR');
    return {
      jsonrpc: '2.0',
      id,
      error: { code: 4466, message, data: { is_panic: isPanic, message, error_code: failure?.code ?? undefined } },
    };
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const pending = new Set();
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    // Answers to our own `print` requests.
    if (!request.method) continue;
    const outcome = crash ? Promise.reject(crash) : call(request.method, request.params);
    const task = Promise.race([outcome, crashed.then((failure) => Promise.reject(failure))])
      .then(
        (result) => ({ jsonrpc: '2.0', id: request.id, result }),
        (error) => errorResponse(request.id, error),
      )
      .then((response) => process.stdout.write(`${JSON.stringify(response)}\n`));
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }
  await Promise.all(pending);
}

/** A trapped Wasm instance, named by the message the engine's panic hook left (as the binary's). */
class EnginePanic extends Error {
  constructor() {
    super(`the schema engine panicked: ${panicRegistry.message || 'unreachable executed'}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    logLine(error?.stack ?? String(error), 'ERROR');
    process.exit(1);
  },
);
