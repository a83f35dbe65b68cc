import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url).pathname;
const REPO_DIR = new URL('../../..', import.meta.url).pathname;
const TSX = new URL('../../../node_modules/.bin/tsx', import.meta.url).pathname;

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Collects a child's output and resolves `ready` once it says how to stop it. */
function watch(child: ChildProcess) {
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops Kafka')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before it was ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { ready, exited, output: () => output };
}

/** The folders the CLI said its brokers log to: everything it made lives there. */
const workDirs = (output: string) => [...output.matchAll(/log: (\S+)\.log/g)].map((match) => dirname(match[1]!));

const javaProcessesUsing = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dir]).toString().trim();
  } catch {
    return '';
  }
};

describe('pnpm kafka:start', () => {
  it.skipIf(!hasScript)(
    'stops on Ctrl-C at a terminal quietly, exit code 0, leaving no broker and no file behind',
    { timeout: 240_000 },
    async () => {
      // `script` gives pnpm a terminal and forwards what we write as typed keys.
      const child = spawn('script', ['-qfec', 'pnpm kafka:start --nodes 2', '/dev/null'], {
        cwd: REPO_DIR,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const run = watch(child);
      await run.ready;
      const dirs = workDirs(run.output());
      expect(dirs.length).toBeGreaterThan(0);
      expect(dirs.every((dir) => existsSync(dir))).toBe(true);

      child.stdin?.write('\x03');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('Stopped; its files are removed.');
      expect(run.output()).not.toMatch(/Command failed|ELIFECYCLE|ERR_PNPM/);
      for (const dir of dirs) {
        expect(existsSync(dir)).toBe(false);
        expect(javaProcessesUsing(dir)).toBe('');
      }
    },
  );

  it('stops in order and removes its files on signals, however many come', { timeout: 240_000 }, async () => {
    const child = spawn(TSX, ['src/cli.ts', 'start'], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const run = watch(child);
    await run.ready;
    const [dir] = workDirs(run.output());
    expect(existsSync(dir!)).toBe(true);

    // What a terminal's Ctrl-C does when stdin is no terminal: SIGINT to the whole group, and tsx relays it.
    process.kill(-child.pid!, 'SIGINT');
    process.kill(child.pid!, 'SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Stopped; its files are removed.');
    expect(existsSync(dir!)).toBe(false);
    expect(javaProcessesUsing(dir!)).toBe('');
  });
});
