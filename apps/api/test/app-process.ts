import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ZHealthResponseSchema } from '@tributary/core';

/** The repository this test runs from; `pnpm start` runs `node --import tsx apps/api/src/main.ts` here. */
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

export interface AppProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
}

export interface AppProcessOptions {
  /** The clone to run from (its `.data` is the default data folder). */
  cwd?: string;
  env?: Record<string, string>;
  /** Runs the app as this user (the test must be root). */
  user?: { uid: number; gid: number };
  /** `pnpm start` itself (UI build, then the app under pnpm); else only the node process it runs. */
  isViaPnpm?: boolean;
}

/** Starts the app as `pnpm start` does, in its own process group, as a terminal would. */
export function startAppProcess(options: AppProcessOptions = {}): AppProcess {
  const { DATABASE_URL: _database, TRIBUTARY_DATA_DIR: _dataDir, ...inherited } = process.env;
  const command = options.isViaPnpm ? 'pnpm' : process.execPath;
  const args = options.isViaPnpm ? ['start'] : ['--import', 'tsx', 'apps/api/src/main.ts'];
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...inherited, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...options.user,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const app = { child, output: () => output };
  started.add(app);
  return app;
}

const started = new Set<AppProcess>();

/** For `afterAll`: stops, the orderly way, apps a failed test left running (with their PostgreSQL). */
export async function stopLeftoverApps(): Promise<void> {
  for (const app of started) {
    if (app.child.exitCode === null && app.child.signalCode === null) await pressCtrlC(app);
  }
  started.clear();
}

export async function exitCodeOf(app: AppProcess): Promise<number | null> {
  if (app.child.exitCode !== null) return app.child.exitCode;
  const [code] = (await once(app.child, 'exit')) as [number | null];
  return code;
}

export async function waitForHealthy(port: number, app: AppProcess, deadlineMs = 120_000) {
  const url = `http://127.0.0.1:${port}/api/health`;
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`the app exited early:\n${app.output()}`);
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return ZHealthResponseSchema.parse(await response.json());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not healthy within ${deadlineMs} ms:\n${app.output()}`);
}

/** Ctrl-C in a terminal: SIGINT to every process of the foreground group, not only to node. */
export async function pressCtrlC(app: AppProcess): Promise<number | null> {
  const exited = exitCodeOf(app);
  process.kill(-(app.child.pid ?? 0), 'SIGINT');
  return exited;
}

/** Error and fatal records, and what pnpm, node or the UI build print when something fails. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    try {
      const record = JSON.parse(line) as { level?: unknown };
      return typeof record.level !== 'number' || record.level >= 50;
    } catch {
      return /error|fail|ELIFECYCLE|^\s+at /i.test(line);
    }
  });
}

/** Pino messages of the output, in order. */
export function logMessages(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    try {
      return [String((JSON.parse(line) as { msg?: unknown }).msg)];
    } catch {
      return [];
    }
  });
}

/** Resolves once the output contains `text`; rejects if the app exits first or `deadlineMs` passes. */
export async function waitForOutput(app: AppProcess, text: string, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!app.output().includes(text)) {
    if (app.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no "${text}" in the output:\n${app.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function postgresProcessesUsing(folder: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', `postgres.*${folder}`], { encoding: 'utf8' })
      .trim()
      .split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
