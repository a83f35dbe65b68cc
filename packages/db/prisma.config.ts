import { defineConfig } from 'prisma/config';

// Paths are relative to this file. DATABASE_URL is read only by commands that need a database.
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
