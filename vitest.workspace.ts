import { defineConfig } from 'vitest/config';

/**
 * The test workspace. Vitest 4 reads projects from `test.projects`; this file is passed with
 * `--config`. One global setup resolves PostgreSQL and Kafka once for every project.
 */
export default defineConfig({
  test: {
    globalSetup: ['./scripts/test-env/src/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,scripts}/*/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,scripts}/*/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time keeps a 2-core machine responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});
