import { createDbClient, type DbClient } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isRejectedValue } from '../src/plugins/app/rejected-value.ts';

let database: TestDatabase;
let db: DbClient;
beforeAll(async () => {
  const env = inject('testEnv');
  database = await createTestDatabase(env.adminDatabaseUrl, env.templateDatabaseUrl);
  db = createDbClient(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const errorOf = (work: () => Promise<unknown>) =>
  work().then(
    () => {
      throw new Error('PostgreSQL took the value');
    },
    (error: unknown) => error,
  );

describe('isRejectedValue (the error handler answers these 400, not 500)', () => {
  it.each([
    ['NUL in a text column (22021)', () => db.group.create({ data: { name: 'a\u0000b' } })],
    ['NUL in a filter (22021)', () => db.group.findMany({ where: { name: 'a\u0000b' } })],
    [
      'NUL in jsonb (22P05)',
      () => db.auditEvent.create({ data: { action: 'x', targetType: 'y', details: { name: 'a\u0000b' } } }),
    ],
    [
      'an unpaired surrogate in jsonb (22P02)',
      () => db.auditEvent.create({ data: { action: 'x', targetType: 'y', details: { name: 'a\ud800b' } } }),
    ],
  ])('is true for %s', async (_what, work) => {
    expect(isRejectedValue(await errorOf(work))).toBe(true);
  });

  it('is false for a unique violation, a missing row and an error that is not from the database', async () => {
    await db.group.create({ data: { name: 'twice' } });
    expect(isRejectedValue(await errorOf(() => db.group.create({ data: { name: 'twice' } })))).toBe(false);
    const missing = await errorOf(() =>
      db.group.update({ where: { id: '00000000-0000-4000-8000-000000000000' }, data: { name: 'x' } }),
    );
    expect(isRejectedValue(missing)).toBe(false);
    expect(isRejectedValue(new TypeError('boom'))).toBe(false);
  });
});
