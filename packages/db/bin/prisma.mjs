#!/usr/bin/env node
// Runs Prisma's CLI unchanged. Where the native schema engine was never downloaded (machines
// that reach only package registries), it is replaced by our WebAssembly stand-in.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');

function hasNativeSchemaEngine() {
  try {
    const enginesDir = dirname(require.resolve('@prisma/engines/package.json', { paths: [dirname(prismaCli)] }));
    return readdirSync(enginesDir).some((file) => file.startsWith('schema-engine-'));
  } catch {
    return false;
  }
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeSchemaEngine()) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = join(here, '..', 'engine', 'schema-engine-wasm.mjs');
}
// Prisma checks for updates and telemetry over the network; neither is wanted here.
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
env.CHECKPOINT_DISABLE ??= '1';
const configPath = join(here, '..', 'prisma.config.ts');
const args = process.argv.slice(2);
const needsConfig =
  args.length > 0 &&
  !args.includes('--config') &&
  existsSync(configPath) &&
  !['-v', '--version', 'version', 'help', '--help', '-h'].includes(args[0]);
const result = spawnSync(process.execPath, [prismaCli, ...args, ...(needsConfig ? ['--config', configPath] : [])], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
