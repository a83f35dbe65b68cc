import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDbClient, type DbClient } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
let database: TestDatabase;
let db: DbClient;
let ids: { syncId: string; userId: string; groupId: string };

beforeAll(async () => {
  database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  db = createDbClient(database.url);
  const user = await db.user.create({ data: { email: 'viewer@example.com', displayName: 'Viewer' } });
  const group = await db.group.create({ data: { name: 'analysts' } });
  const sync = await db.sync.create({
    data: { name: 'orders', destinationType: 'kafka-topic', destinationConfig: { topic: 'orders' } },
  });
  ids = { syncId: sync.id, userId: user.id, groupId: group.id };
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('a sync permission', () => {
  it('is granted to a user or to a group', async () => {
    const toUser = await db.syncPermission.create({ data: { syncId: ids.syncId, userId: ids.userId } });
    const toGroup = await db.syncPermission.create({
      data: { syncId: ids.syncId, groupId: ids.groupId, canRun: true },
    });
    expect(toUser).toMatchObject({ userId: ids.userId, groupId: null, canView: true, canRun: false });
    expect(toGroup).toMatchObject({ userId: null, groupId: ids.groupId, canRun: true });
  });

  it('is refused with both grantees or with neither, by the one-grantee CHECK constraint', async () => {
    const other = await db.sync.create({
      data: { name: 'refunds', destinationType: 'kafka-topic', destinationConfig: { topic: 'refunds' } },
    });
    await expect(
      db.syncPermission.create({ data: { syncId: other.id, userId: ids.userId, groupId: ids.groupId } }),
    ).rejects.toThrow(/sync_permissions_one_grantee_check/);
    await expect(db.syncPermission.create({ data: { syncId: other.id } })).rejects.toThrow(
      /sync_permissions_one_grantee_check/,
    );
    expect(await db.syncPermission.count({ where: { syncId: other.id } })).toBe(0);
  });
});
