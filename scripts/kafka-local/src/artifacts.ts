import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const KAFKA_VERSION = '4.4.0';
const POM = new URL('../pom.xml', import.meta.url).pathname;

export function kafkaCacheDir(): string {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'tributary', `kafka-${KAFKA_VERSION}`);
}

/**
 * Copies the broker's jars from Maven Central into a cache outside the repository, once. A
 * marker written last tells a complete copy from one interrupted half-way.
 */
export async function ensureKafkaLib(): Promise<string> {
  const dir = kafkaCacheDir();
  const lib = join(dir, 'lib');
  const marker = join(dir, 'complete');
  if (existsSync(marker)) return lib;
  await rm(lib, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    await promisify(execFile)(
      'mvn',
      ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${lib}`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `Maven could not fetch Apache Kafka ${KAFKA_VERSION} (needs Maven and Maven Central): ${output.stderr || output.stdout || output.message}`,
      { cause: error },
    );
  }
  await writeFile(marker, new Date().toISOString());
  return lib;
}
