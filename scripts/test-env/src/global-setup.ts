import { migrateDatabase } from '@tributary/db';
import type { TestProject } from 'vitest/node';
import { resolveKafka } from './kafka.ts';
import { createThrowAwayDatabase, dropDatabase, resolvePostgres } from './postgres.ts';
import type { TestEnv } from './test-env.ts';

/**
 * Resolves the real servers once per test run (TESTING.md: given → Docker → local) and hands
 * their connection facts to every test through `inject('testEnv')`.
 */
export default async function setup(project: TestProject) {
  const postgres = await resolvePostgres(process.env.DATABASE_URL);
  const databases: string[] = [];
  const cleanUpPostgres = async () => {
    for (const url of databases) await dropDatabase(postgres.adminUrl, url);
    await postgres.stop();
  };
  let kafka;
  try {
    const [databaseUrl, templateDatabaseUrl] = await Promise.all([
      createThrowAwayDatabase(postgres.adminUrl, 'tributary_test'),
      createThrowAwayDatabase(postgres.adminUrl, 'tributary_template'),
    ]);
    databases.push(databaseUrl, templateDatabaseUrl);
    const [, , resolvedKafka] = await Promise.all([
      migrateDatabase(databaseUrl),
      migrateDatabase(templateDatabaseUrl),
      resolveKafka(),
    ]);
    kafka = resolvedKafka;
    const testEnv: TestEnv = {
      databaseUrl,
      templateDatabaseUrl,
      adminDatabaseUrl: postgres.adminUrl,
      kafka: kafka.env,
    };
    project.provide('testEnv', testEnv);
  } catch (error) {
    await cleanUpPostgres();
    throw error;
  }

  const running = kafka;
  return async () => {
    await running.stop();
    await cleanUpPostgres();
  };
}
