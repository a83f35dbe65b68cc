import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestDatabase } from '../src/testing.ts';

async function onServer(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new database without any migration, for tests of the migrations themselves. */
export async function createEmptyDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `tributary_empty_${randomBytes(4).toString('hex')}`;
  await onServer(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(adminUrl, `drop database if exists "${name}" with (force)`) };
}
