import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type DbClient = PrismaClient;

/**
 * Prisma's Rust-free client over node-postgres: nothing native is needed at run time.
 * The adapter reads no `?schema=` from the URL, so it is handed over; queries name that schema.
 */
export function createDbClient(databaseUrl: string): DbClient {
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }, { schema }) });
}
