import { parseArgs } from 'node:util';
import { ensureKafkaLib } from './artifacts.ts';
import { startLocalKafkaCluster } from './local-kafka-cluster.ts';
import { startLocalKafka } from './local-kafka.ts';

const USAGE =
  'usage: cli.ts fetch | start [--nodes N]   (N = 1: every listener of the security matrix; 2–9: PLAINTEXT cluster)';

/** Starts what was asked and says how to reach it; resolves with the function that stops it. */
async function start(nodes: number): Promise<() => Promise<void>> {
  if (nodes === 1) {
    const kafka = await startLocalKafka();
    console.log(JSON.stringify(kafka.env, null, 2));
    console.log(`Broker log: ${kafka.logFile}`);
    return kafka.stop;
  }
  const cluster = await startLocalKafkaCluster({ brokers: nodes });
  console.log(`Bootstrap servers: ${cluster.bootstrapServers}  (PLAINTEXT, no authentication)`);
  for (const broker of cluster.brokers)
    console.log(`  broker ${broker.nodeId}: ${broker.address}  log: ${broker.logFile}`);
  return cluster.stop;
}

/**
 * Calls `onInterrupt` on Ctrl-C, SIGTERM or SIGHUP. At a terminal, Ctrl-C is read as a key
 * instead of being left to the terminal, which would signal every process of the foreground
 * group: pnpm too, which then reports the script as failed however cleanly it stopped.
 */
function listenForInterrupt(onInterrupt: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onInterrupt);
  if (!process.stdin.isTTY) return;
  // Node puts the terminal back as it was when the process exits.
  process.stdin.setRawMode(true);
  process.stdin.on('data', (keys: Buffer) => {
    if (keys.includes(0x03) || keys.includes(0x04)) onInterrupt();
  });
  process.stdin.resume();
}

/** Stops the brokers in order, then removes their files (certificates and keys included), and exits. */
async function shutdown(stop: () => Promise<void>): Promise<never> {
  console.log('Stopping Kafka…');
  try {
    await stop();
  } catch (error) {
    console.error(`Stopping Kafka failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log('Stopped; its files are removed.');
  process.exit(0);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { nodes: { type: 'string', default: '1' } },
  });
  const [command] = positionals;
  if (command === 'fetch' && positionals.length === 1) {
    console.log(`Apache Kafka jars in ${await ensureKafkaLib()}`);
    return;
  }
  const nodes = Number(values.nodes);
  if (command !== 'start' || positionals.length !== 1 || !Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
    console.error(USAGE);
    process.exit(2);
  }
  // Interrupted while starting, it stops as soon as there is something to stop; later ones wait.
  const run: { stop?: () => Promise<void>; isInterrupted: boolean } = { isInterrupted: false };
  listenForInterrupt(() => {
    if (run.isInterrupted) return;
    run.isInterrupted = true;
    if (run.stop) void shutdown(run.stop);
  });
  run.stop = await start(nodes);
  if (run.isInterrupted) await shutdown(run.stop);
  console.log('Ctrl-C stops Kafka and removes its files.');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
