import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
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
  REPO_ROOT,
  startAppProcess,
  stopLeftoverApps,
  waitForHealthy,
  type AppProcess,
} from './app-process.ts';

const isRoot = process.getuid?.() === 0;
const ADMIN = { TRIBUTARY_ADMIN_EMAIL: 'admin@example.com', TRIBUTARY_ADMIN_PASSWORD: 'a long enough passphrase' };

const cleanups: string[] = [];
afterAll(async () => {
  await stopLeftoverApps();
  for (const path of cleanups) {
    // Started as root, a clone's cluster lives outside it, where its record says.
    const record = join(path, '.data', 'postgres', 'pgdata-location');
    if (existsSync(record)) await rm((await readFile(record, 'utf8')).trim(), { recursive: true, force: true });
    await rm(path, { recursive: true, force: true });
  }
});

/**
 * A clone in a folder only its owner may enter, as `mktemp -d` or `/root` give: the checkout and
 * its node_modules (the embedded PostgreSQL binaries included) under a 0700 folder. Hard links
 * make that a second's work, with the very files a clone has; a copy where links cannot be made.
 */
async function cloneIntoPrivateFolder(): Promise<string> {
  const entries = (await readdir(REPO_ROOT)).filter((name) => name !== '.git' && name !== '.data');
  const sources = entries.map((name) => join(REPO_ROOT, name));
  for (const flags of ['-al', '-a']) {
    const folder = await mkdtemp(join(tmpdir(), 'tributary-clone-'));
    cleanups.push(folder);
    try {
      execFileSync('cp', [flags, ...sources, folder], { stdio: 'ignore' });
      return folder;
    } catch {
      await rm(folder, { recursive: true, force: true });
    }
  }
  throw new Error(`could not copy ${REPO_ROOT}`);
}

function userIds(name: string) {
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, name], { encoding: 'utf8' }), 10);
  return { uid: id('-u'), gid: id('-g') };
}

async function runUntilHealthy(app: AppProcess, port: number) {
  const health = await waitForHealthy(port, app);
  expect(health).toMatchObject({ status: 'healthy', database: { status: 'up' }, queue: { status: 'up' } });
}

describe('pnpm start from a clone inside a 0700 folder', () => {
  it('pnpm start runs, stops quietly on Ctrl-C and keeps its data across restarts', async () => {
    const clone = await cloneIntoPrivateFolder();
    expect((await stat(clone)).mode & 0o777).toBe(0o700);
    const dataDir = join(clone, '.data', 'postgres');
    const recordFile = join(dataDir, 'pgdata-location');
    const port = await findFreePort();
    const env = { PORT: String(port), ...ADMIN };

    const first = startAppProcess({ cwd: clone, env, isViaPnpm: true });
    await runUntilHealthy(first, port);
    // pnpm forwards the terminal's SIGINT, so node hears it twice: still one orderly stop, exit 0.
    expect(await pressCtrlC(first)).toBe(0);
    expect(errorLines(first.output())).toEqual([]);
    expect(logMessages(first.output()).filter((message) => message.includes('SIGINT'))).toEqual([
      'SIGINT: shutting down',
    ]);
    expect(logMessages(first.output())).toContain('created the first admin from TRIBUTARY_ADMIN_EMAIL');

    let clusterDir = join(dataDir, 'pgdata');
    if (isRoot) {
      // PostgreSQL runs as `postgres`, who cannot enter the clone: its data lives where it can.
      clusterDir = (await readFile(recordFile, 'utf8')).trim();
      cleanups.push(clusterDir);
      expect(clusterDir).toMatch(/^\/var\/lib\/tributary\/postgres\/[^/]+$/);
      expect(logMessages(first.output())).toContain(
        `the postgres user that runs PostgreSQL cannot enter ${clone}, so PostgreSQL's data is in ${clusterDir} ` +
          `(recorded in ${recordFile})`,
      );
    } else {
      expect(existsSync(recordFile)).toBe(false);
    }
    expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
    expect(postgresProcessesUsing(clusterDir)).toEqual([]);

    const second = startAppProcess({ cwd: clone, env, isViaPnpm: true });
    await runUntilHealthy(second, port);
    expect(await pressCtrlC(second)).toBe(0);
    expect(errorLines(second.output())).toEqual([]);
    // The same database: schema and users are there already.
    expect(second.output()).toContain('database schema is up to date (0 applied)');
    expect(logMessages(second.output())).toContain(
      'users exist already: TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD are ignored',
    );

    if (isRoot) {
      // The record lost, the cluster is not silently replaced by an empty one.
      await unlink(recordFile);
      const third = startAppProcess({ cwd: clone, env });
      expect(await exitCodeOf(third)).toBe(1);
      expect(third.output()).toContain(
        `Tributary did not start: ${clusterDir} holds PostgreSQL data that an earlier start made for ${dataDir}, ` +
          `but ${recordFile} (and likely the database password beside it) is gone. Restore ${dataDir} from a ` +
          `backup, or delete ${clusterDir} to start with an empty database.\n`,
      );
      expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
    }
  }, 400_000);

  it.runIf(isRoot)(
    'starts and stops as an ordinary user who owns the clone',
    async () => {
      const clone = await cloneIntoPrivateFolder();
      const nobody = userIds('nobody');
      await chown(clone, nobody.uid, nobody.gid);
      const port = await findFreePort();

      const app = startAppProcess({ cwd: clone, env: { PORT: String(port), HOME: clone }, user: nobody });
      await runUntilHealthy(app, port);
      expect(await pressCtrlC(app)).toBe(0);
      expect(errorLines(app.output())).toEqual([]);
      // Running as the folder's owner, PostgreSQL keeps its data in the clone, owned by that user.
      const pgdata = join(clone, '.data', 'postgres', 'pgdata');
      expect((await stat(pgdata)).uid).toBe(nobody.uid);
      expect(existsSync(join(clone, '.data', 'postgres', 'pgdata-location'))).toBe(false);
    },
    300_000,
  );

  it("gives pnpm test's fallback server (embedded PostgreSQL in a temp folder) from such a clone", async () => {
    const clone = await cloneIntoPrivateFolder();
    const script = join(clone, 'check-test-env.ts');
    await writeFile(
      script,
      `import { startEmbeddedPostgres } from './scripts/test-env/src/embedded-postgres.ts';
import { createThrowAwayDatabase, dropDatabase } from './scripts/test-env/src/postgres.ts';
const server = await startEmbeddedPostgres();
const url = await createThrowAwayDatabase(server.adminUrl, 'clone_check');
await dropDatabase(server.adminUrl, url);
await server.stop();
console.log('created and dropped', new URL(url).pathname.slice(1));
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: clone,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolveCode) => child.once('exit', resolveCode));
    expect({ code, output }).toMatchObject({
      code: 0,
      output: expect.stringMatching(/^created and dropped clone_check_\w+\n$/),
    });
  }, 300_000);
});

describe('pnpm start with PostgreSQL data it cannot use', () => {
  async function privateDataDir() {
    const folder = await mkdtemp(join(tmpdir(), 'tributary-private-'));
    cleanups.push(folder);
    const dataDir = join(folder, 'data');
    await mkdir(join(dataDir, 'postgres'), { recursive: true });
    return { folder, dataDir, postgresDir: join(dataDir, 'postgres') };
  }

  it.runIf(isRoot)('refuses, naming the folder to open, a cluster the postgres user cannot reach', async () => {
    const { folder, dataDir, postgresDir } = await privateDataDir();
    await mkdir(join(postgresDir, 'pgdata'));
    await writeFile(join(postgresDir, 'pgdata', 'PG_VERSION'), '17\n');

    const app = startAppProcess({ env: { PORT: String(await findFreePort()), TRIBUTARY_DATA_DIR: dataDir } });
    expect(await exitCodeOf(app)).toBe(1);
    expect(app.output()).toContain(
      `Tributary did not start: PostgreSQL's data is in ${postgresDir}/pgdata, but the postgres user that runs ` +
        `PostgreSQL (Tributary was started as root) cannot enter ${folder}. Let it through (chmod o+x ${folder}), ` +
        'or move the data folder (TRIBUTARY_DATA_DIR) somewhere it can reach, or start Tributary as the owner of that folder.\n',
    );
    expect(app.output()).not.toMatch(/^\s+at /m);
    expect(existsSync(join(postgresDir, 'pgdata-location'))).toBe(false);
  });

  it('refuses to replace a recorded cluster that is gone with an empty one', async () => {
    const { dataDir, postgresDir } = await privateDataDir();
    const gone = join(postgresDir, 'moved-away');
    await writeFile(join(postgresDir, 'pgdata-location'), `${gone}\n`);

    const app = startAppProcess({ env: { PORT: String(await findFreePort()), TRIBUTARY_DATA_DIR: dataDir } });
    expect(await exitCodeOf(app)).toBe(1);
    expect(app.output()).toContain(
      `Tributary did not start: ${postgresDir}/pgdata-location says PostgreSQL's data is in ${gone}, but there is ` +
        `no database there. Restore that folder, or delete ${postgresDir}/pgdata-location to start with an empty database.\n`,
    );
    expect(app.output()).not.toMatch(/^\s+at /m);
    expect(existsSync(gone)).toBe(false);
  });
});
