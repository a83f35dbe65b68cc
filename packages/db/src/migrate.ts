import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const PRISMA_WRAPPER = fileURLToPath(new URL('../bin/prisma.mjs', import.meta.url));

async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('public._prisma_migrations') as name");
    if (!table.rows[0]?.name) return [];
    const rows = await client.query<{ migration_name: string }>(
      'select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null order by migration_name',
    );
    return rows.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

/** Replaces the password of every URL in `text`, so Prisma's output can be shown safely. */
export function redactUrls(text: string): string {
  return text.replace(/(\w+:\/\/[^:@/\s]+:)[^@\s]+@/g, '$1***@');
}

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (it holds a PostgreSQL advisory
 * lock, so processes starting together apply each migration once). Returns what this call applied.
 */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const before = new Set(await appliedMigrations(databaseUrl));
  try {
    await promisify(execFile)(process.execPath, [PRISMA_WRAPPER, 'migrate', 'deploy'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      maxBuffer: 8 * 1024 * 1024,
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `Database migration failed: ${redactUrls(`${output.stderr ?? ''}${output.stdout ?? ''}`.trim() || output.message)}`,
      {
        cause: error,
      },
    );
  }
  const after = await appliedMigrations(databaseUrl);
  return { applied: after.filter((name) => !before.has(name)) };
}
