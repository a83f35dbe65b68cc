import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TestDatabase } from '../src/testing.ts';
import { createEmptyDatabase } from './empty-database.ts';
import { copyPrismaFolder, runPrisma } from './prisma-cli.ts';

// What our WebAssembly stand-in for Prisma's schema engine must do like the native binary.
const { adminDatabaseUrl } = inject('testEnv');
const created: TestDatabase[] = [];

async function emptyDatabase(): Promise<string> {
  const database = await createEmptyDatabase(adminDatabaseUrl);
  created.push(database);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const diffMigrationsToSchema = [
  'migrate',
  'diff',
  '--from-migrations',
  '../../prisma/migrations',
  '--to-schema',
  '../../prisma/schema.prisma',
  '--exit-code',
];

afterAll(async () => {
  for (const database of created) await database.drop();
});

describe('the schema engine stand-in', () => {
  it('runs a migration script whole: a failing migration leaves nothing half-applied and names its reason', async () => {
    const copy = await copyPrismaFolder();
    const url = await emptyDatabase();
    try {
      // Sorts after every real migration. The ";" inside the string must not split the script.
      const failing = '99991231235959_fails_halfway';
      await mkdir(join(copy.dir, 'prisma', 'migrations', failing));
      await writeFile(
        join(copy.dir, 'prisma', 'migrations', failing, 'migration.sql'),
        [
          'CREATE TABLE "half_applied" ("id" INTEGER);',
          `COMMENT ON TABLE "half_applied" IS 'one; two';`,
          'ALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;',
        ].join('\n'),
      );
      const deploy = await runPrisma(['migrate', 'deploy', '--config', copy.config], { DATABASE_URL: url });
      expect(deploy.code).toBe(1);
      expect(deploy.output).toContain('no_such_table');
      expect(deploy.output).toContain(failing);

      const [table] = await query<{ name: string | null }>(url, "select to_regclass('half_applied')::text as name");
      expect(table!.name).toBeNull();
      // The migrations before it stay applied; Prisma records this one as started, never finished.
      const history = await query<{ migration_name: string; finished: boolean }>(
        url,
        'select migration_name, finished_at is not null as finished from _prisma_migrations order by migration_name',
      );
      expect(history.at(-1)).toEqual({ migration_name: failing, finished: false });
      expect(history.slice(0, -1).every((row) => row.finished)).toBe(true);
      expect(history.length).toBeGreaterThan(1);
    } finally {
      await copy.cleanUp();
    }
  });

  it('reports a panic as a failure with the panic message', async () => {
    // Prisma's CLI then sends the engine's `debugPanic` instead of the command.
    const result = await runPrisma(diffMigrationsToSchema, {
      DATABASE_URL: await emptyDatabase(),
      FORCE_PANIC_SCHEMA_ENGINE: '1',
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('the schema engine panicked');
    expect(result.output).toContain('This is the debugPanic artificial panic');
  });

  it('names the reason of an adapter error instead of "External error id#N"', async () => {
    const url = await emptyDatabase();
    const result = await runPrisma(diffMigrationsToSchema, { DATABASE_URL: url, SHADOW_DATABASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.output).toContain('The shadow database you configured appears to be the same as the main database.');
    expect(result.output).not.toMatch(/External error id#\d+/);
  });

  it('empties a configured shadow database before replaying the migrations into it', async () => {
    const shadowUrl = await emptyDatabase();
    await query(shadowUrl, 'create table "left_over" ("id" integer)');
    const result = await runPrisma(diffMigrationsToSchema, {
      DATABASE_URL: await emptyDatabase(),
      SHADOW_DATABASE_URL: shadowUrl,
    });
    // A table left in the shadow database would show up as a difference (exit code 2).
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('No difference detected');
  });
});
