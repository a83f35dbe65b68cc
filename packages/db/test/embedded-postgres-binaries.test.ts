import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { binariesIn, copyBinaries, packagedBinariesHome } from '../src/embedded-postgres/binaries.ts';
import { canUserEnter, ensureServiceUser } from '../src/embedded-postgres/service-user.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function tempFolder(mode: number) {
  const folder = await mkdtemp(join(tmpdir(), 'tributary-binaries-'));
  folders.push(folder);
  await chmod(folder, mode);
  return folder;
}

/** bin, lib and share as a root umask of 077 leaves them: nobody but the owner may read. */
async function privateInstallation(root: string) {
  for (const part of ['bin', 'lib/postgresql', 'share/postgresql']) await mkdir(join(root, part), { recursive: true });
  await writeFile(join(root, 'bin', 'postgres'), '#!/bin/sh\necho "postgres (PostgreSQL) 17"\n', { mode: 0o700 });
  await writeFile(join(root, 'lib', 'postgresql', 'plpgsql.so'), 'library', { mode: 0o600 });
  await writeFile(join(root, 'share', 'postgresql', 'postgres.bki'), 'catalog', { mode: 0o600 });
  for (const folder of ['bin', 'lib', 'lib/postgresql', 'share', 'share/postgresql'])
    await chmod(join(root, folder), 0o700);
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('copying the embedded PostgreSQL binaries where its user can reach them', () => {
  it('opens the copy to every user: folders 0755, files readable, executables executable', async () => {
    const source = await tempFolder(0o700);
    await privateInstallation(source);
    const target = join(await tempFolder(0o755), 'postgresql-17');

    await copyBinaries(source, target);

    expect(await modeOf(target)).toBe(0o755);
    expect(await modeOf(join(target, 'lib', 'postgresql'))).toBe(0o755);
    expect(await modeOf(join(target, 'bin', 'postgres'))).toBe(0o755);
    expect(await modeOf(join(target, 'lib', 'postgresql', 'plpgsql.so'))).toBe(0o644);
    expect(await modeOf(join(target, 'share', 'postgresql', 'postgres.bki'))).toBe(0o644);
    // The source keeps its own modes.
    expect(await modeOf(join(source, 'bin', 'postgres'))).toBe(0o700);
  });

  it('ends with one whole copy and no staging folders when two starts copy at once', async () => {
    const source = await tempFolder(0o700);
    await privateInstallation(source);
    const parent = await tempFolder(0o755);
    const target = join(parent, 'postgresql-17');

    await Promise.all([copyBinaries(source, target), copyBinaries(source, target)]);

    expect(await readdir(parent)).toEqual(['postgresql-17']);
    expect((await readdir(target)).sort()).toEqual(['bin', 'lib', 'share']);
    expect((await run(join(target, 'bin', 'postgres'))).stdout).toBe('postgres (PostgreSQL) 17\n');
  });

  it.runIf(isRoot)('gives the postgres user binaries it can run, copied out of a private folder', async () => {
    const user = await ensureServiceUser();
    const privateFolder = await tempFolder(0o700);
    const packaged = join(privateFolder, 'native');
    await copyBinaries(packagedBinariesHome(), packaged);
    expect(await canUserEnter(user, binariesIn(packaged).postgres)).toBe(false);

    const copy = binariesIn(join(await tempFolder(0o755), 'postgresql'));
    await copyBinaries(packaged, copy.home);

    expect(await canUserEnter(user, copy.postgres)).toBe(true);
    const version = await run(copy.postgres, ['--version'], { uid: user.uid, gid: user.gid });
    expect(version.stdout).toMatch(/^postgres \(PostgreSQL\) 17\.\d+/);
    const initdb = await run(copy.initdb, ['--version'], { uid: user.uid, gid: user.gid });
    expect(initdb.stdout).toMatch(/^initdb \(PostgreSQL\) 17\.\d+/);
  });
});
