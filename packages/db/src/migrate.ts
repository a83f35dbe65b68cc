import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';

const PRISMA_WRAPPER = fileURLToPath(new URL('../bin/prisma.mjs', import.meta.url));

/** Replaces the password of every URL in `text`, so Prisma's output can be shown safely. */
function redactUrls(text: string): string {
  return text.replace(/(\w+:\/\/[^:@/\s]+:)[^@\s]+@/g, '$1***@');
}

/**
 * The migration folders `migrate deploy` lists under "The following migration(s) have been
 * applied:" as a tree (`  └─ 20261125043446_init/`). Reading its report, not the history table,
 * keeps the answer right when another process applied the same migrations a moment earlier.
 */
export function parseAppliedMigrations(output: string): string[] {
  const report = stripVTControlCharacters(output).split('have been applied:')[1] ?? '';
  return report
    .split('\n')
    .map((line) => /^\s+\S+\s+(.+)\/\s*$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * Applies pending migrations with Prisma's own `migrate deploy`. It holds a PostgreSQL advisory
 * lock while it works, so processes starting together apply each migration once; the others wait
 * and find nothing pending. Returns what this call applied.
 */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [PRISMA_WRAPPER, 'migrate', 'deploy'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1' },
      maxBuffer: 8 * 1024 * 1024,
    });
    return { applied: parseAppliedMigrations(stdout) };
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    const reason = `${output.stderr ?? ''}${output.stdout ?? ''}`.trim() || output.message;
    // No `cause`: the child's raw output would travel with it unredacted into error logs.
    // eslint-disable-next-line preserve-caught-error -- the redacted reason is the whole message
    throw new Error(`Database migration failed: ${redactUrls(stripVTControlCharacters(reason))}`);
  }
}
