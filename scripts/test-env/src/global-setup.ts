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
  const databaseUrl = await createThrowAwayDatabase(postgres.adminUrl, 'tributary_test');
  const kafka = await resolveKafka().catch(async (error: unknown) => {
    await dropDatabase(postgres.adminUrl, databaseUrl);
    await postgres.stop();
    throw error;
  });

  const testEnv: TestEnv = { databaseUrl, adminDatabaseUrl: postgres.adminUrl, kafka: kafka.env };
  project.provide('testEnv', testEnv);

  return async () => {
    await kafka.stop();
    await dropDatabase(postgres.adminUrl, databaseUrl);
    await postgres.stop();
  };
}
