import { spawn, execFileSync, type ChildProcessByStdio } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { findFreePort } from '@tributary/db';
import { ZHealthResponseSchema } from '@tributary/core';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const TSX = new URL('../../../node_modules/.bin/tsx', import.meta.url).pathname;

interface Started {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
}

function startApp(env: Record<string, string>): Started {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(TSX, [MAIN], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHealthy(url: string, started: Started, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the app exited early:\n${started.output()}`);
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return ZHealthResponseSchema.parse(await response.json());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not healthy within ${deadlineMs} ms:\n${started.output()}`);
}

async function stopWithSigint(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGINT');
  return exited;
}

function postgresProcessesUsing(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', `postgres.*${dataDir}`], { encoding: 'utf8' })
      .trim()
      .split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('pnpm start without DATABASE_URL', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('starts an embedded PostgreSQL, answers healthy, stops cleanly and reuses its data on restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
    dirs.push(dataDir);
    // mkdtemp makes a 0700 folder; as root, PostgreSQL runs as `postgres` and must enter it.
    await chmod(dataDir, 0o755);
    const port = await findFreePort();
    const env = { PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const healthUrl = `http://127.0.0.1:${port}/api/health`;

    const first = startApp(env);
    const health = await waitForHealthy(healthUrl, first, 90_000);
    expect(health).toMatchObject({ status: 'healthy', database: { status: 'up' }, queue: { status: 'up' } });
    expect(first.output()).toMatch(/database schema is up to date \([1-9]\d* applied\)/);
    expect(postgresProcessesUsing(dataDir)).not.toEqual([]);
    expect(await stopWithSigint(first)).toBe(0);
    expect(postgresProcessesUsing(dataDir)).toEqual([]);

    const second = startApp(env);
    await waitForHealthy(healthUrl, second, 90_000);
    // Same data folder: the schema is already there, nothing is applied again.
    expect(second.output()).toContain('database schema is up to date (0 applied)');
    expect(await stopWithSigint(second)).toBe(0);
    expect(postgresProcessesUsing(dataDir)).toEqual([]);
  }, 240_000);

  it('refuses to start with a clear message naming each bad variable', async () => {
    const started = startApp({ PORT: 'eighty', TRIBUTARY_ROLE: 'everything' });
    const code = await new Promise<number | null>((resolve) => started.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(started.output()).toContain('Invalid configuration: PORT:');
    expect(started.output()).toContain('TRIBUTARY_ROLE:');
  });
});
