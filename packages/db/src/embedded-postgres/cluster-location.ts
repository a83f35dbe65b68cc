import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EmbeddedPostgresError } from './errors.ts';
import { ensureSharedFolder } from './shared-folder.ts';
import { canUserEnter, firstFolderBarring, type ServiceUser } from './service-user.ts';

/** Where the cluster (PostgreSQL's own data folder) lives, and why. */
export interface ClusterLocation {
  pgdata: string;
  isInitialised: boolean;
  /** Set when the cluster lives outside the data folder: the file that records where. */
  recordFile?: string;
  /** Set when the cluster lives outside the data folder: the folder the service user cannot enter. */
  barrier?: string;
}

/** Names the cluster's folder when the postgres user cannot enter the data folder. */
const RECORD_FILE = 'pgdata-location';

/** Readable (the tail of the path) and unique (a hash of all of it): `root-app-.data-postgres-3f2a…`. */
function folderNameFor(dataDir: string): string {
  const readable = dataDir
    .replace(/[^A-Za-z0-9._]+/g, '-')
    .replace(/^-+/, '')
    .slice(-48);
  return `${readable}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
}

export const hasCluster = (pgdata: string) => existsSync(join(pgdata, 'PG_VERSION'));

/** After initdb succeeded: from now on this data folder's cluster is the recorded one. */
export async function recordClusterLocation(location: ClusterLocation): Promise<void> {
  if (location.recordFile) await writeFile(location.recordFile, `${location.pgdata}\n`, { mode: 0o600 });
}

async function unreachableClusterError(user: ServiceUser, dataDir: string, pgdata: string) {
  const barrier = (await firstFolderBarring(user, dataDir)) ?? dataDir;
  return new EmbeddedPostgresError(
    'UNREACHABLE_FOLDER',
    `PostgreSQL's data is in ${pgdata}, but the ${user.name} user that runs PostgreSQL (Tributary was started ` +
      `as root) cannot enter ${barrier}. Let it through (chmod o+x ${barrier}), or move the data folder ` +
      '(TRIBUTARY_DATA_DIR) somewhere it can reach, or start Tributary as the owner of that folder.',
  );
}

/**
 * The cluster stays in `<dataDir>/pgdata` whenever PostgreSQL's user can reach it, which is always
 * the case when Tributary runs as an ordinary user. Started as root from a private folder, the
 * cluster goes to `<sharedDir>/postgres/<path>-<hash>` and `<dataDir>/pgdata-location`
 * records it. Once a cluster exists its place never changes silently: a cluster that became
 * unreachable, or a recorded one that is gone, stops the start with what to do, instead of an
 * empty database appearing in its stead.
 */
export async function locateCluster(
  dataDir: string,
  user: ServiceUser | undefined,
  sharedDir: string,
): Promise<ClusterLocation> {
  const local = join(dataDir, 'pgdata');
  const recordFile = join(dataDir, RECORD_FILE);

  if (hasCluster(local)) {
    if (user && !(await canUserEnter(user, dataDir))) throw await unreachableClusterError(user, dataDir, local);
    return { pgdata: local, isInitialised: true };
  }
  if (existsSync(recordFile)) {
    const recorded = (await readFile(recordFile, 'utf8')).trim();
    if (!hasCluster(recorded)) {
      throw new EmbeddedPostgresError(
        'MISSING_CLUSTER',
        `${recordFile} says PostgreSQL's data is in ${recorded}, but there is no database there. ` +
          `Restore that folder, or delete ${recordFile} to start with an empty database.`,
      );
    }
    return { pgdata: recorded, isInitialised: true, recordFile };
  }
  if (!user || (await canUserEnter(user, dataDir))) return { pgdata: local, isInitialised: false };

  const elsewhere = join(sharedDir, 'postgres', folderNameFor(await realpath(dataDir)));
  if (hasCluster(elsewhere)) {
    throw new EmbeddedPostgresError(
      'ORPHANED_CLUSTER',
      `${elsewhere} holds PostgreSQL data that an earlier start made for ${dataDir}, but ${recordFile} ` +
        `(and likely the database password beside it) is gone. Restore ${dataDir} from a backup, or ` +
        `delete ${elsewhere} to start with an empty database.`,
    );
  }
  await ensureSharedFolder(sharedDir);
  await ensureSharedFolder(dirname(elsewhere));
  return { pgdata: elsewhere, isInitialised: false, recordFile, barrier: await firstFolderBarring(user, dataDir) };
}
