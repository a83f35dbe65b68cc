import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { LOG4J2_CONFIG } from './broker-config.ts';

/** A Kafka JVM run under a watchdog shell: stopped gracefully, killed outright, or gone with us. */
export interface JavaProcess {
  readonly child: ChildProcess;
  /** SIGTERM to the JVM (a broker's controlled shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the JVM itself, as `kill -9 <broker pid>` would: no controlled shutdown. */
  kill(): Promise<void>;
  hasExited(): boolean;
}

export async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '(no log)');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/*
 * The JVM runs under a shell that kills it when its stdin closes: the pipe closes however this
 * process ends (even SIGKILL), so a test run that dies never leaves a broker behind. Background
 * jobs of a non-interactive shell read /dev/null, so the watcher reads the pipe via fd 3. TERM
 * stops the JVM gracefully and waits for it; USR1 kills the JVM itself with SIGKILL (killing the
 * shell alone would orphan it).
 */
const WATCHDOG = [
  'exec 3<&0',
  "trap 'kill $child 2>/dev/null; wait $child' TERM",
  "trap 'kill -KILL $child 2>/dev/null; wait $child' USR1",
  '"$@" & child=$!',
  '(read _ <&3; kill $child 2>/dev/null) &',
  'wait $child',
].join('\n');

/**
 * Starts `command` in a process group of its own, so a Ctrl-C at the terminal reaches only the
 * CLI, which then stops its JVMs in order instead of having them all die at once.
 */
export function spawnJava(args: string[]): JavaProcess {
  const child = spawn('sh', ['-c', WATCHDOG, 'sh', 'java', ...args], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    if (!hasExited()) child.kill(name);
  };
  return {
    child,
    hasExited,
    async stop(graceMs = 15_000) {
      if (hasExited()) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGUSR1'), graceMs);
      const lastResort = setTimeout(() => signal('SIGKILL'), graceMs + 5_000);
      await exited;
      clearTimeout(timer);
      clearTimeout(lastResort);
    },
    async kill() {
      if (hasExited()) return;
      signal('SIGUSR1');
      const lastResort = setTimeout(() => signal('SIGKILL'), 5_000);
      await exited;
      clearTimeout(lastResort);
    },
  };
}

const START_DEADLINE_MS = 90_000;

/**
 * Waits until the broker at `bootstrap` answers metadata requests and lists every node of
 * `nodeIds` as live (a restarted broker of a cluster is back in it); with no ids, any broker.
 */
export async function waitUntilServing(
  bootstrap: string,
  process: JavaProcess,
  logFile: string,
  nodeIds: number[] = [],
): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  const kafka = new Kafka({
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1_000,
  });
  while (Date.now() < deadline) {
    if (process.hasExited())
      throw new Error(`the Kafka broker exited (code ${process.child.exitCode}):\n${await tail(logFile)}`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const live = (await admin.describeCluster()).brokers.map((broker) => broker.nodeId);
      if (live.length > 0 && nodeIds.every((id) => live.includes(id))) return;
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(300);
  }
  throw new Error(`the Kafka broker did not start within ${START_DEADLINE_MS / 1000} s:\n${await tail(logFile)}`);
}

export interface KafkaJvm {
  /** Logging and classpath options every Kafka JVM of one node takes (the tool and the server). */
  args: string[];
}

/** Logging to `logFile` (never to the console) and the cached jars on the classpath. */
export async function kafkaJvmOptions(lib: string, dir: string, logFile: string): Promise<KafkaJvm> {
  const log4jFile = join(dir, 'log4j2.xml');
  await writeFile(log4jFile, LOG4J2_CONFIG);
  return { args: [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.file=${logFile}`, '-cp', `${lib}/*`] };
}

/** `kafka-storage format`: once per data directory, with the cluster id every node shares. */
export async function formatKafkaStorage(
  jvm: KafkaJvm,
  propertiesFile: string,
  clusterId: string,
  extraArgs: string[],
  logFile: string,
): Promise<void> {
  await promisify(execFile)('java', [
    // A one-shot tool: the quick compiler alone starts it in about half the time.
    '-XX:TieredStopAtLevel=1',
    ...jvm.args,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    propertiesFile,
    ...extraArgs,
  ]).catch(async (error: { stderr?: string; message: string }) => {
    throw new Error(`formatting the Kafka storage failed: ${error.stderr || error.message}\n${await tail(logFile)}`);
  });
}
