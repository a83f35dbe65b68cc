import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PostgresBinaries } from './binaries.ts';
import type { ServiceUser } from './service-user.ts';

export interface ClusterProcessOptions {
  binaries: PostgresBinaries;
  pgdata: string;
  /** Runs the binaries as this user (Tributary started as root); as the current user when undefined. */
  user: ServiceUser | undefined;
  /** An open file both processes append their output to. */
  logFd: number;
}

const READY_TIMEOUT_MS = 5 * 60_000; // crash recovery of a large cluster replays WAL first
const STOP_TIMEOUT_MS = 30_000;
/**
 * Smart shutdown first: it waits for sessions to end. The caller has closed its pools, but pg's
 * `Pool.end()` resolves before its sockets close, and a fast shutdown then answers those sessions
 * with "terminating connection due to administrator command". Fast, then immediate, only for a
 * session that does not leave.
 */
const SHUTDOWN_STEPS: ReadonlyArray<readonly [NodeJS.Signals, number]> = [
  ['SIGTERM', 5_000],
  ['SIGINT', STOP_TIMEOUT_MS],
  ['SIGQUIT', STOP_TIMEOUT_MS],
];

/**
 * In a process group of its own: a terminal's Ctrl-C reaches every process of the foreground
 * group, and would stop PostgreSQL at once, cutting the connections of the queue and the API that
 * are still finishing their work (or kill initdb half-way). The caller stops it, last.
 */
function spawnAs(options: ClusterProcessOptions, file: string, args: string[]): ChildProcess {
  return spawn(file, args, {
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    stdio: ['ignore', options.logFd, options.logFd],
    detached: true,
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

/**
 * Creates the cluster. UTF8 with the C locale: any text a source sends is stored, and the result
 * does not depend on which locales the machine happens to have.
 */
export async function initCluster(options: ClusterProcessOptions, superuser: string, password: string): Promise<void> {
  await mkdir(options.pgdata, { recursive: true, mode: 0o700 });
  // initdb, running as the service user, can neither create the folder nor read a root-only file.
  const passwordFile = join(dirname(options.pgdata), `.initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (options.user) {
      await chown(options.pgdata, options.user.uid, options.user.gid);
      await chown(passwordFile, options.user.uid, options.user.gid);
    }
    const child = spawnAs(options, options.binaries.initdb, [
      `--pgdata=${options.pgdata}`,
      `--username=${superuser}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
    ]);
    await once(child, 'spawn'); // rejects with the spawn error (EACCES, ENOENT)
    const { code, signal } = await exitOf(child);
    if (code !== 0) throw new Error(`initdb failed (exit code ${code ?? signal})`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPidFile(pgdata: string): Promise<string[] | undefined> {
  const text = await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text?.split('\n');
}

/**
 * A postmaster left running by a process that was killed (SIGKILL skips every exit hook) keeps
 * the data folder locked; stop it so this start can proceed instead of failing on the lock file.
 */
export async function stopLeftoverPostmaster(pgdata: string): Promise<void> {
  const pid = Number.parseInt((await readPidFile(pgdata))?.[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // After a reboot the pid may belong to another program: PostgreSQL then removes the stale file itself.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => 'postgres');
  if (!command.includes('postgres')) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < STOP_TIMEOUT_MS && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) throw new Error(`a PostgreSQL server (pid ${pid}) still holds ${pgdata}`);
}

export interface Postmaster {
  stop(): Promise<void>;
}

/** Starts the server and waits until it accepts connections. */
export async function startPostmaster(options: ClusterProcessOptions, args: string[]): Promise<Postmaster> {
  const child = spawnAs(options, options.binaries.postgres, ['-D', options.pgdata, ...args]);
  await once(child, 'spawn');
  // Last resort when the process exits without stopping us (an uncaught error): never leave it behind.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);

  const stop = async () => {
    process.off('exit', stopOnExit);
    const exited = exitOf(child).then(() => true);
    for (const [signal, graceMs] of SHUTDOWN_STEPS) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      if (await Promise.race([exited, sleep(graceMs, false)])) return;
    }
    await exited;
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      process.off('exit', stopOnExit);
      throw new Error(`PostgreSQL exited during start-up (exit code ${child.exitCode ?? child.signalCode})`);
    }
    // Line 1 is the postmaster's pid, line 8 its state: `ready` once it accepts connections.
    const pidFile = await readPidFile(options.pgdata);
    if (pidFile?.[0] === String(child.pid) && pidFile[7]?.trim() === 'ready') return { stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`PostgreSQL was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}
