import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDbClient, deleteUnusedSourceFiles, storeSourceFile, type DbClient } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const { adminDatabaseUrl, templateDatabaseUrl } = inject('testEnv');
const DAY = 24 * 60 * 60 * 1000;
let database: TestDatabase;
let db: DbClient;

beforeAll(async () => {
  database = await createTestDatabase(adminDatabaseUrl, templateDatabaseUrl);
  db = createDbClient(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function upload(name: string, ageInDays: number): Promise<string> {
  const stored = await storeSourceFile(db, { name, content: Readable.from([Buffer.from('id\n1\n')]) });
  await db.sourceFile.update({ where: { id: stored.id }, data: { createdAt: new Date(Date.now() - ageInDays * DAY) } });
  return stored.id;
}

describe('deleteUnusedSourceFiles', () => {
  it('deletes old uploads no sync uses, with their chunks, and keeps used or fresh ones', async () => {
    const used = await upload('used.csv', 10);
    const abandoned = await upload('abandoned.csv', 2);
    const fresh = await upload('fresh.csv', 0);
    await db.sync.create({
      data: {
        name: 'orders',
        destinationType: 'kafka-topic',
        destinationConfig: { topic: 'orders' },
        sourceType: 'delimited-file',
        sourceConfig: { type: 'delimited-file', fileId: used },
      },
    });

    expect(await deleteUnusedSourceFiles(db, new Date(Date.now() - DAY))).toBe(1);
    const left = await db.sourceFile.findMany({ select: { id: true }, orderBy: { name: 'asc' } });
    expect(left.map((file) => file.id).sort()).toEqual([fresh, used].sort());
    expect(await db.sourceFileChunk.count({ where: { fileId: abandoned } })).toBe(0);
    expect(await db.sourceFileChunk.count({ where: { fileId: used } })).toBe(1);
    expect(await deleteUnusedSourceFiles(db, new Date(Date.now() - DAY))).toBe(0);
  });
});
