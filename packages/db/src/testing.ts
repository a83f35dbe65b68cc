import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, fully migrated database for one test: a copy of a template database that the test
 * setup migrated once (`CREATE DATABASE … TEMPLATE` takes milliseconds). Nothing may stay
 * connected to the template.
 */
export async function createTestDatabase(adminUrl: string, templateUrl: string): Promise<TestDatabase> {
  const templateName = decodeURIComponent(new URL(templateUrl).pathname.slice(1));
  const name = `tributary_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // Copies started together can briefly see each other's connection to the template (55006).
  for (let attempt = 0; ; attempt += 1) {
    try {
      await onServer(adminUrl, (client) => client.query(`create database "${name}" template "${templateName}"`));
      break;
    } catch (error) {
      if (attempt >= 30 || (error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  return {
    url: databaseUrl(adminUrl, name),
    drop: () =>
      onServer(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(
        () => undefined,
      ),
  };
}
