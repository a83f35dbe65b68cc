import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const PRISMA_DIR = fileURLToPath(new URL('../../../prisma', import.meta.url));

/** Runs our Prisma wrapper; resolves with the exit code and output instead of throwing. */
export async function runPrisma(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(PACKAGE_DIR, 'bin/prisma.mjs'), ...args],
      {
        cwd: PACKAGE_DIR,
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * A copy of prisma/ with its own prisma.config.ts, inside this package so the config can import
 * `prisma/config`. The repository's migrations are never touched.
 */
export async function copyPrismaFolder(): Promise<{
  dir: string;
  config: string;
  schemaFile: string;
  cleanUp(): Promise<void>;
}> {
  const dir = await mkdtemp(join(PACKAGE_DIR, 'test', '.tmp-prisma-'));
  await cp(PRISMA_DIR, join(dir, 'prisma'), { recursive: true });
  const schemaFile = join(dir, 'prisma', 'schema.prisma');
  const schema = await readFile(schemaFile, 'utf8');
  // Generated output stays inside the copy.
  await writeFile(
    schemaFile,
    schema.replace('output       = "../packages/db/src/generated/prisma"', 'output       = "../generated"'),
  );
  const config = join(dir, 'prisma.config.ts');
  await writeFile(
    config,
    `import { defineConfig } from 'prisma/config';\nexport default defineConfig({ schema: './prisma/schema.prisma', migrations: { path: './prisma/migrations' }, datasource: { url: process.env.DATABASE_URL ?? '' } });\n`,
  );
  return { dir, config, schemaFile, cleanUp: () => rm(dir, { recursive: true, force: true }) };
}
