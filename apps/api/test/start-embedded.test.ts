import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@tributary/db';
import { afterAll, describe, expect, it } from 'vitest';
import {
  errorLines,
  exitCodeOf,
  logMessages,
  postgresProcessesUsing,
  pressCtrlC,
  startAppProcess,
  stopLeftoverApps,
  waitForHealthy,
  waitForOutput,
} from './app-process.ts';

describe('pnpm start without DATABASE_URL', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await stopLeftoverApps();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('starts an embedded PostgreSQL, stops in order and quietly on Ctrl-C, and reuses its data on restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
    dirs.push(dataDir);
    await chmod(dataDir, 0o755); // mkdtemp makes a 0700 folder; the private-clone test covers that case
    const port = await findFreePort();
    const env = { PORT: String(port), TRIBUTARY_DATA_DIR: dataDir };

    const first = startAppProcess({ env });
    const health = await waitForHealthy(port, first);
    expect(health).toMatchObject({ status: 'healthy', database: { status: 'up' }, queue: { status: 'up' } });
    expect(first.output()).toMatch(/database schema is up to date \([1-9]\d* applied\)/);
    expect(postgresProcessesUsing(dataDir)).not.toEqual([]);
    // The terminal's SIGINT reaches PostgreSQL's process group no more: it stops after the queue
    // and the API closed their connections, so nothing logs "terminating connection".
    expect(await pressCtrlC(first)).toBe(0);
    expect(errorLines(first.output())).toEqual([]);
    expect(logMessages(first.output()).at(-1)).toBe('SIGINT: shutting down');
    expect(postgresProcessesUsing(dataDir)).toEqual([]);

    const second = startAppProcess({ env });
    await waitForHealthy(port, second);
    // Same data folder: the schema is already there, nothing is applied again.
    expect(second.output()).toContain('database schema is up to date (0 applied)');
    second.child.kill('SIGTERM');
    expect(await exitCodeOf(second)).toBe(0);
    expect(errorLines(second.output())).toEqual([]);
    expect(postgresProcessesUsing(dataDir)).toEqual([]);

    // Ctrl-C while it starts: it finishes starting, then stops everything, PostgreSQL included.
    const third = startAppProcess({ env });
    await waitForOutput(third, 'starting the embedded PostgreSQL');
    expect(await pressCtrlC(third)).toBe(0);
    expect(logMessages(third.output())).toContain('SIGINT: shutting down once started');
    expect(errorLines(third.output())).toEqual([]);
    expect(postgresProcessesUsing(dataDir)).toEqual([]);

    // Each stop left PostgreSQL for last: its smart shutdown found no session to cut short.
    const log = await readFile(join(dataDir, 'postgres', 'postgres.log'), 'utf8');
    expect(log.match(/received smart shutdown request/g)).toHaveLength(3);
    expect(log).not.toContain('received fast shutdown request');
  }, 300_000);

  it('refuses to start with a clear message naming each bad variable', async () => {
    const started = startAppProcess({ env: { PORT: 'eighty', TRIBUTARY_ROLE: 'everything' } });
    expect(await exitCodeOf(started)).toBe(1);
    expect(started.output()).toContain('Invalid configuration: PORT:');
    expect(started.output()).toContain('TRIBUTARY_ROLE:');
  });
});
