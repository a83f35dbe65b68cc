import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDbClient, migrateDatabase } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { copyPrismaFolder, runPrisma } from './prisma-cli.ts';

const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
const MIGRATIONS_DIR = new URL('../../../prisma/migrations', import.meta.url).pathname;
const migrationNames = async () =>
  (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
const created: TestDatabase[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `tributary_empty_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  created.push({ url: url.toString(), drop: () => dropDatabase(name) });
  return url.toString();
}

async function dropDatabase(name: string) {
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.end();
}

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    return rows.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const database of created) await database.drop();
});

describe('migrations', () => {
  it('produce exactly the schema that schema.prisma describes, and the check can fail', async () => {
    // Replaying migrations needs a server for the shadow database.
    const env = { DATABASE_URL: await emptyDatabase() };
    const check = await runPrisma(
      [
        'migrate',
        'diff',
        '--from-migrations',
        '../../prisma/migrations',
        '--to-schema',
        '../../prisma/schema.prisma',
        '--exit-code',
      ],
      env,
    );
    expect(check.code).toBe(0);
    expect(check.output).not.toMatch(/CREATE|ALTER|DROP/);

    const copy = await copyPrismaFolder();
    try {
      const schema = await readFile(copy.schemaFile, 'utf8');
      await writeFile(copy.schemaFile, schema.replace('model Group {', 'model Group {\n  colour String?'));
      const drift = await runPrisma(
        [
          'migrate',
          'diff',
          '--config',
          copy.config,
          '--from-migrations',
          join(copy.dir, 'prisma', 'migrations'),
          '--to-schema',
          copy.schemaFile,
          '--script',
          '--exit-code',
        ],
        env,
      );
      expect(drift.code).toBe(2);
      expect(drift.output).toContain('ALTER TABLE "groups" ADD COLUMN     "colour" TEXT;');
    } finally {
      await copy.cleanUp();
    }
  });

  it('create every table on an empty database, then apply nothing the second time', async () => {
    const url = await emptyDatabase();
    const first = await migrateDatabase(url);
    expect(first.applied).toEqual(await migrationNames());
    expect(first.applied[0]).toMatch(/^\d{14}_init$/);
    expect(await tables(url)).toEqual([
      '_prisma_migrations',
      'audit_events',
      'column_mappings',
      'connection_test_logs',
      'group_members',
      'groups',
      'job_errors',
      'job_log_entries',
      'jobs',
      'listener_configs',
      'sessions',
      'source_file_chunks',
      'source_files',
      'sync_permissions',
      'syncs',
      'users',
    ]);
    expect(await migrateDatabase(url)).toEqual({ applied: [] });
  });

  it('can be applied by two processes at once', async () => {
    const url = await emptyDatabase();
    await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    // Prisma's advisory lock serialises them: the migration ran once and is recorded once.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const history = await client.query('select migration_name, finished_at from _prisma_migrations');
    await client.end();
    expect(history.rows).toHaveLength((await migrationNames()).length);
    expect(history.rows.every((row: { finished_at: unknown }) => row.finished_at !== null)).toBe(true);
    expect(await tables(url)).toContain('syncs');
  });

  it('fail with the reason and without the password', async () => {
    const url = new URL(adminDatabaseUrl);
    url.username = 'no_such_role';
    url.password = 'topsecret';
    url.pathname = '/nowhere';
    const failure = await migrateDatabase(url.toString()).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain('topsecret');
  });

  it('migrate dev --create-only turns a schema change into a new migration through the WebAssembly engine', async () => {
    const copy = await copyPrismaFolder();
    const url = await emptyDatabase();
    try {
      expect((await runPrisma(['migrate', 'deploy', '--config', copy.config], { DATABASE_URL: url })).code).toBe(0);
      const schema = await readFile(copy.schemaFile, 'utf8');
      await writeFile(copy.schemaFile, schema.replace('model Group {', 'model Group {\n  colour String?'));
      const result = await runPrisma(
        ['migrate', 'dev', '--config', copy.config, '--create-only', '--name', 'group_colour'],
        { DATABASE_URL: url },
      );
      expect(result.code).toBe(0);
      const migrations = await readdir(join(copy.dir, 'prisma', 'migrations'));
      const added = migrations.find((name) => name.endsWith('_group_colour'));
      expect(added).toBeDefined();
      const sql = await readFile(join(copy.dir, 'prisma', 'migrations', added!, 'migration.sql'), 'utf8');
      expect(sql).toContain('ALTER TABLE "groups" ADD COLUMN     "colour" TEXT;');
    } finally {
      await copy.cleanUp();
    }
  });
});

describe('the generated client', () => {
  it('round-trips a user, a sync with ordered column mappings and a job, and enforces unique targets', async () => {
    const database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
    created.push(database);
    const db = createDbClient(database.url);
    try {
      const user = await db.user.create({ data: { email: 'ops@example.com', displayName: 'Ops', role: 'operator' } });
      const sync = await db.sync.create({
        data: {
          name: 'orders to kafka',
          destinationType: 'kafka-topic',
          destinationConfig: { topic: 'orders' },
          createdById: user.id,
          columnMappings: {
            create: [
              { position: 1, sourceColumn: 'name', targetColumn: 'customer.name' },
              { position: 0, sourceColumn: 'id', targetColumn: 'id' },
            ],
          },
          jobs: { create: { startedById: user.id, rowsExpected: 10_000_000_000n } },
        },
      });
      const loaded = await db.sync.findUniqueOrThrow({
        where: { id: sync.id },
        include: { columnMappings: { orderBy: { position: 'asc' } }, jobs: true, createdBy: true },
      });
      expect(loaded.columnMappings.map((mapping) => mapping.targetColumn)).toEqual(['id', 'customer.name']);
      expect(loaded.jobs[0]).toMatchObject({ status: 'QUEUED', rowsExpected: 10_000_000_000n, rowsRead: 0n });
      expect(loaded.createdBy?.email).toBe('ops@example.com');
      await expect(
        db.columnMapping.create({ data: { syncId: sync.id, position: 2, sourceColumn: 'email', targetColumn: 'id' } }),
      ).rejects.toThrow(/Unique constraint failed/);
    } finally {
      await db.$disconnect();
    }
  });
});
