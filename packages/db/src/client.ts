import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type DbClient = PrismaClient;

/** Prisma's Rust-free client over node-postgres: nothing native is needed at run time. */
export function createDbClient(databaseUrl: string): DbClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
