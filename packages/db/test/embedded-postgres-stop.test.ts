import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/index.ts';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('stopping the embedded PostgreSQL', () => {
  it('lets the sessions of a pool that has just ended close by themselves, without errors', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-stop-'));
    folders.push(dataDir);
    const server = await startEmbeddedPostgres({ dataDir });
    const errors: string[] = [];
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    pool.on('error', (error) => errors.push(error.message));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => pool.query('select $1::int as n, pg_sleep(0.05)', [index])),
    );
    expect(results.map((result) => result.rows[0].n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // As the app does: the pool first, the server right after (pg's end() resolves before its sockets close).
    await pool.end();
    await server.stop();
    await sleep(200);

    expect(errors).toEqual([]);
    const log = await readFile(server.logFile, 'utf8');
    expect(log).toContain('received smart shutdown request');
    expect(log).not.toContain('received fast shutdown request');
    expect(log.trimEnd().endsWith('database system is shut down')).toBe(true);
  }, 120_000);

  it('stops even while a session stays open, by a fast shutdown after the smart one waited', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-stop-'));
    folders.push(dataDir);
    const server = await startEmbeddedPostgres({ dataDir });
    const lingering = new pg.Client({ connectionString: server.url });
    const clientErrors: string[] = [];
    lingering.on('error', (error) => clientErrors.push(error.message));
    await lingering.connect();

    await server.stop();

    const log = await readFile(server.logFile, 'utf8');
    expect(log).toContain('received smart shutdown request');
    expect(log).toContain('received fast shutdown request');
    expect(log.trimEnd().endsWith('database system is shut down')).toBe(true);
    await expect(lingering.query('select 1')).rejects.toThrow();
    expect(clientErrors).toContain('terminating connection due to administrator command');
  }, 120_000);
});
