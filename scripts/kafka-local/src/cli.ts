import { ensureKafkaLib } from './artifacts.ts';
import { startLocalKafka } from './local-kafka.ts';

/** `fetch`: warm the Maven cache (CI). `start`: a broker in the foreground for development. */
async function main(command: string | undefined): Promise<void> {
  if (command === 'fetch') {
    console.log(`Apache Kafka jars in ${await ensureKafkaLib()}`);
    return;
  }
  if (command === 'start') {
    const kafka = await startLocalKafka();
    console.log(JSON.stringify(kafka.env, null, 2));
    console.log(`Broker log: ${kafka.logFile}\nCtrl-C stops the broker.`);
    const stop = () => void kafka.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  console.error('usage: cli.ts fetch | start');
  process.exit(2);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
