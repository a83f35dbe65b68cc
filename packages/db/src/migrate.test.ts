import { describe, expect, it } from 'vitest';
import { parseAppliedMigrations } from './migrate.ts';

// `prisma migrate deploy` stdout as Prisma 7.10.0 prints it, captured from real runs.
const ESC = '\u001b';
const header = (colour: boolean) =>
  `${colour ? `${ESC}[2m` : ''}Datasource "db": PostgreSQL database "tributary", schema "public" at "127.0.0.1:5432"${colour ? `${ESC}[22m` : ''}\n\n2 migrations found in prisma/migrations\n\n\n`;

const appliedPlain = `${header(false)}The following migration(s) have been applied:

migrations/
  └─ 20261125043446_init/
    └─ migration.sql
  └─ 20261125060506_sync_permission_grantee_check_and_list_indexes/
    └─ migration.sql

All migrations have been successfully applied.
`;

const appliedInColour = `${header(true)}The following migration(s) have been applied:

migrations/
  └─ 20261125043446_${ESC}[36m${ESC}[1minit${ESC}[22m${ESC}[39m/
    └─ migration.sql
  └─ 20261125060506_${ESC}[36m${ESC}[1msync_permission_grantee_check_and_list_indexes${ESC}[22m${ESC}[39m/
    └─ migration.sql

${ESC}[32mAll migrations have been successfully applied.${ESC}[39m
`;

const nothingPending = `${header(true)}${ESC}[32mNo pending migrations to apply.${ESC}[39m
`;

const noMigrations = `${header(false).replace('2 migrations found', 'No migration found')}No pending migrations to apply.
`;

describe('parseAppliedMigrations', () => {
  const both = ['20261125043446_init', '20261125060506_sync_permission_grantee_check_and_list_indexes'];

  it('lists the migration folders of the "have been applied" tree, not their files', () => {
    expect(parseAppliedMigrations(appliedPlain)).toEqual(both);
  });

  it('reads the same names through colour codes', () => {
    expect(parseAppliedMigrations(appliedInColour)).toEqual(both);
  });

  it('finds nothing when nothing was pending or no migration exists', () => {
    expect(parseAppliedMigrations(nothingPending)).toEqual([]);
    expect(parseAppliedMigrations(noMigrations)).toEqual([]);
    expect(parseAppliedMigrations('')).toEqual([]);
  });

  it('reads Windows line endings and a single migration', () => {
    const one = appliedPlain
      .replace('  └─ 20261125060506_sync_permission_grantee_check_and_list_indexes/\n    └─ migration.sql\n', '')
      .replaceAll('\n', '\r\n');
    expect(parseAppliedMigrations(one)).toEqual(['20261125043446_init']);
  });
});
