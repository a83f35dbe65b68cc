import { defineConfig } from 'prisma/config';

// Paths are relative to this file. DATABASE_URL is read only by commands that need a database.
// SHADOW_DATABASE_URL is for servers where the migrating role may not create databases:
// `migrate dev` then replays the migrations in that (emptied) database instead of a temporary one.
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? '',
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
