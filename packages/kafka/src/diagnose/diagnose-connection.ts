import { parseBootstrapServers, type TConnectionTestResult, type TKafkaDestination } from '@tributary/core';
import { buildTlsOptions } from '../kafka-config.ts';
import { explainConnectError, principalOf } from './explain-error.ts';
import { connectThroughServers, type KafkaConnection } from './kafka-client-step.ts';
import { askServerInPlaintext } from './plaintext-probe-step.ts';
import { resolveServer } from './resolve-step.ts';
import { toBootstrapServers, tryEachServer } from './server-outcome.ts';
import { StepFailure, StepLog } from './step-log.ts';
import { connectServer } from './tcp-step.ts';
import { handshakeServer } from './tls-step.ts';
import { checkTopic } from './topic-step.ts';
import { checkWritePermission } from './write-permission-step.ts';

export interface DiagnoseOptions {
  /** Upper bound of each network step for one server; keeps an unreachable broker under 10 s in total. */
  stepTimeoutMs?: number;
}

/**
 * Test Connection: resolve → TCP → TLS → SASL → metadata → topic → permission to write, each
 * recorded once with its duration. Every bootstrap server is tried, as a client would: the
 * test succeeds through any that works and warns about the others, or fails naming each and why.
 * Never writes a message and never creates a topic.
 */
export async function diagnoseConnection(
  destination: TKafkaDestination,
  options: DiagnoseOptions = {},
): Promise<TConnectionTestResult> {
  const timeoutMs = options.stepTimeoutMs ?? 3_000;
  // A long list of dead servers must not hold the test for minutes: each step has twice one timeout.
  const limits = { timeoutMs, budgetMs: 2 * timeoutMs };
  const log = new StepLog();
  const found: Pick<TConnectionTestResult, 'cluster' | 'topic'> = {};
  let connection: KafkaConnection | undefined;
  try {
    const parsed = parseBootstrapServers(destination.bootstrapServers);
    if (!parsed.ok)
      throw new StepFailure('resolve', `Bootstrap Servers: ${parsed.errors.join('; ')}`, 'Correct Bootstrap Servers.');
    const principal = principalOf(destination.sasl);
    const kafkaStep = principal === undefined ? 'metadata' : 'sasl';
    let servers = toBootstrapServers(parsed.servers);

    servers = await log.serverStep('resolve', servers, limits, resolveServer);
    servers = await log.serverStep('tcp', servers, limits, connectServer);

    let kafkaStarted = performance.now();
    const tlsOptions = buildTlsOptions(destination.ssl);
    if (tlsOptions) {
      servers = await log.serverStep('tls', servers, limits, (server, ms) =>
        handshakeServer(server, tlsOptions, ms, kafkaStep),
      );
      if (destination.ssl.skipVerification)
        log.warn(
          'tls',
          'Certificate verification is off: the connection is encrypted but the broker is not authenticated.',
        );
      kafkaStarted = performance.now();
    } else {
      const results = await tryEachServer(servers, kafkaStep, limits, (server, ms) =>
        askServerInPlaintext(server, ms, kafkaStep),
      );
      servers = log.keep(results);
      log.skip('tls', 'Use SSL is off');
      if (servers.length === 0) throw log.allServersFailed();
    }
    const connect = async () => {
      connection = await connectThroughServers(servers, destination, limits, log, kafkaStep);
      return connection;
    };

    if (principal === undefined) {
      log.skip('sasl', 'SASL Mechanism is None');
    } else {
      await log.run(
        'sasl',
        async () => {
          const { server } = await connect();
          return { value: undefined, detail: `authenticated as ${principal} through ${server.label}` };
        },
        kafkaStarted,
      );
    }

    const brokerId = await log.run(
      'metadata',
      async () => {
        const { admin, server } = connection ?? (await connect());
        const described = await admin.describeCluster().catch((error: unknown) => {
          const explained = explainConnectError(error, destination, { host: server.address.host, timeoutMs });
          throw new StepFailure(
            'metadata',
            `Cluster metadata: ${explained.message}`,
            'Check that the brokers advertise addresses this server can reach (advertised.listeners).',
            { detail: explained.detail },
          );
        });
        const { clusterId, brokers, controller } = described;
        found.cluster = { clusterId, brokerCount: brokers.length, controllerId: controller ?? -1 };
        const advertised = brokers.map((broker) => `${broker.host}:${broker.port}`).join(', ');
        return {
          value: String(controller ?? brokers[0]?.nodeId ?? 1),
          detail: `cluster ${clusterId}, ${brokers.length} broker(s): ${advertised} (through ${server.label})`,
        };
      },
      principal === undefined ? kafkaStarted : performance.now(),
    );
    const { kafka, admin } = connection!;

    const topicExists = await log.run('topic', async () => {
      const finding = await checkTopic(admin, destination, brokerId);
      if (finding.topic) found.topic = finding.topic;
      if (finding.warning) log.notes.push(finding.warning);
      return { value: finding.exists, detail: finding.detail, status: finding.status };
    });

    if (!topicExists) {
      log.skip('write-permission', 'the topic does not exist yet');
    } else {
      await log.run('write-permission', async () => {
        const finding = await checkWritePermission(kafka, destination);
        if (finding.warning) log.notes.push(finding.warning);
        return { value: undefined, detail: finding.detail, status: finding.status };
      });
    }

    return {
      isSuccessful: true,
      message: successMessage(found, log.droppedCount, parsed.servers.length),
      steps: log.steps,
      warnings: [...log.serverWarnings(), ...log.notes],
      ...found,
    };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('metadata', String(error), '');
    return {
      isSuccessful: false,
      failedStep: failure.step,
      message: failure.message,
      ...(failure.hint && { hint: failure.hint }),
      steps: log.steps,
      warnings: failure.extra.namesEveryServer ? log.notes : [...log.serverWarnings(), ...log.notes],
      ...found,
    };
  } finally {
    await connection?.admin.disconnect().catch(() => undefined);
  }
}

function successMessage(
  found: Pick<TConnectionTestResult, 'cluster' | 'topic'>,
  unusable: number,
  serverCount: number,
): string {
  const cluster = `cluster ${found.cluster?.clusterId}, ${found.cluster?.brokerCount} broker(s)`;
  const topic = found.topic ? `, topic ${found.topic.name} with ${found.topic.partitions} partition(s)` : '';
  const servers = unusable > 0 ? ` ${unusable} of ${serverCount} bootstrap servers could not be used.` : '';
  return `Connection Successful: ${cluster}${topic}.${servers}`;
}
