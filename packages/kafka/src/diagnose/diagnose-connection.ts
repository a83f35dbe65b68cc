import {
  parseBootstrapServers,
  type BrokerAddress,
  type TConnectionTestResult,
  type TConnectionTestStep,
  type TConnectionTestStepName,
  type TKafkaDestination,
} from '@tributary/core';
import kafkajs, { type Admin } from 'kafkajs';
import { buildKafkaConfig, buildTlsOptions } from '../kafka-config.ts';
import { explainConnectError, explainTlsFailure, explainWriteDenied, principalOf } from './explain-error.ts';
import { connectTcp, handshakeTls, resolveHost, speaksTls } from './network-steps.ts';
import { fetchTopicAuthorizedOperations } from './topic-authorized-operations.ts';

export interface DiagnoseOptions {
  /** Upper bound of each network step; keeps an unreachable broker under 10 s in total. */
  stepTimeoutMs?: number;
}

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { ConfigResourceTypes, Kafka, logLevel } = kafkajs;

class StepFailure extends Error {
  constructor(
    readonly step: TConnectionTestStepName,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * Test Connection: resolve → TCP → TLS → SASL → metadata → topic → permission to write, each
 * recorded with its duration; stops at the first failure and says why and what to do.
 * Never writes a message and never creates a topic.
 */
export async function diagnoseConnection(
  destination: TKafkaDestination,
  options: DiagnoseOptions = {},
): Promise<TConnectionTestResult> {
  const timeoutMs = options.stepTimeoutMs ?? 3_000;
  const steps: TConnectionTestStep[] = [];
  const warnings: string[] = [];
  const result: Omit<TConnectionTestResult, 'isSuccessful' | 'message' | 'steps' | 'warnings'> = {};

  async function run<T>(
    step: TConnectionTestStepName,
    work: () => Promise<{ value: T; detail: string; status?: 'passed' | 'warning' }>,
  ): Promise<T> {
    const started = performance.now();
    try {
      const { value, detail, status = 'passed' } = await work();
      steps.push({ step, status, durationMs: Math.round(performance.now() - started), detail });
      return value;
    } catch (error) {
      const failure =
        error instanceof StepFailure ? error : new StepFailure(step, String((error as Error)?.message ?? error), '');
      const code = (error as { errorCode?: string }).errorCode;
      steps.push({
        step: failure.step,
        status: 'failed',
        durationMs: Math.round(performance.now() - started),
        detail: (error as { detail?: string }).detail ?? failure.message,
        ...(code && { errorCode: code }),
      });
      throw failure;
    }
  }
  const skip = (step: TConnectionTestStepName, detail: string) =>
    steps.push({ step, status: 'skipped', durationMs: 0, detail });
  const fail = (
    step: TConnectionTestStepName,
    message: string,
    hint: string,
    extra: { detail?: string; errorCode?: string } = {},
  ) => Object.assign(new StepFailure(step, message, hint), extra);

  let admin: Admin | undefined;
  try {
    const parsed = parseBootstrapServers(destination.bootstrapServers);
    if (!parsed.ok)
      throw fail('resolve', `Bootstrap Servers: ${parsed.errors.join('; ')}`, 'Correct Bootstrap Servers.');
    const servers = parsed.servers;

    const resolvable = await run('resolve', async () => {
      const outcomes = await Promise.all(servers.map((server) => resolveHost(server.host, timeoutMs)));
      const ok = servers.filter((_, index) => outcomes[index]?.isOk);
      const detail = outcomes.map((outcome) => outcome.detail).join('; ');
      if (ok.length === 0) {
        const hosts = servers.map((server) => server.host).join(', ');
        throw fail(
          'resolve',
          `The host ${hosts} could not be found.`,
          'Check the spelling of Bootstrap Servers and that this server can resolve the name (DNS).',
          {
            detail,
            ...(outcomes[0]?.errorCode && { errorCode: outcomes[0].errorCode }),
          },
        );
      }
      return { value: ok, detail, status: ok.length < servers.length ? 'warning' : 'passed' };
    });

    const probe: BrokerAddress = await run('tcp', async () => {
      const outcomes = await Promise.all(resolvable.map((server) => connectTcp(server, timeoutMs)));
      const index = outcomes.findIndex((outcome) => outcome.isOk);
      const detail = outcomes.map((outcome) => outcome.detail).join('; ');
      if (index < 0) {
        throw fail(
          'tcp',
          `Cannot connect to ${detail}.`,
          'Check the host and port, that the broker is running, and that no firewall blocks this server.',
          {
            detail,
            ...(outcomes[0]?.errorCode && { errorCode: outcomes[0].errorCode }),
          },
        );
      }
      return {
        value: resolvable[index]!,
        detail,
        status: outcomes.every((outcome) => outcome.isOk) ? 'passed' : 'warning',
      };
    });

    const tlsOptions = buildTlsOptions(destination.ssl);
    if (tlsOptions) {
      await run('tls', async () => {
        const outcome = await handshakeTls(probe, tlsOptions, timeoutMs);
        if (!outcome.isOk) {
          const explained = explainTlsFailure(outcome);
          throw fail('tls', explained.message, explained.hint, {
            detail: outcome.detail,
            ...(outcome.errorCode && { errorCode: outcome.errorCode }),
          });
        }
        if (destination.ssl.skipVerification)
          warnings.push(
            'Certificate verification is off: the connection is encrypted but the broker is not authenticated.',
          );
        return {
          value: undefined,
          detail: outcome.detail,
          status: destination.ssl.skipVerification ? 'warning' : 'passed',
        };
      });
    } else {
      skip('tls', 'Use SSL is off');
    }

    const kafka = new Kafka({
      ...buildKafkaConfig(destination, {
        clientId: 'tributary-connection-test',
        retries: 0,
        connectionTimeoutMs: timeoutMs,
        requestTimeoutMs: timeoutMs,
      }),
      logLevel: logLevel.NOTHING,
    });
    admin = kafka.admin({ retry: { retries: 0 } });
    const connectedAdmin = admin;
    // Connects and makes one request: a broker that rejects an OAUTHBEARER token says so only
    // at the first request after the handshake.
    const connectAndConfirm = async () => {
      try {
        await connectedAdmin.connect();
        await connectedAdmin.listTopics();
      } catch (error) {
        if (!tlsOptions && (await speaksTls(probe, timeoutMs))) {
          throw fail(
            'tls',
            `TLS: ${probe.host}:${probe.port} expects TLS, but Use SSL is off.`,
            'Turn Use SSL on (and give the CA certificate if the cluster uses a private CA).',
            {
              detail: 'the port completed a TLS handshake after the plaintext Kafka handshake failed',
              errorCode: 'TLS_REQUIRED',
            },
          );
        }
        const explained = explainConnectError(error, destination);
        throw fail(explained.step, explained.message, explained.hint, {
          detail: explained.detail,
          ...(explained.errorCode && { errorCode: explained.errorCode }),
        });
      }
    };

    const principal = principalOf(destination.sasl);
    if (principal === undefined) {
      skip('sasl', 'SASL Mechanism is None');
    } else {
      await run('sasl', async () => {
        await connectAndConfirm();
        return { value: undefined, detail: `authenticated as ${principal}` };
      });
    }

    const cluster = await run('metadata', async () => {
      if (principal === undefined) await connectAndConfirm();
      const described = await connectedAdmin.describeCluster().catch((error: unknown) => {
        const explained = explainConnectError(error, destination);
        throw fail(
          'metadata',
          `Cluster metadata: ${explained.message}`,
          'Check that the brokers advertise addresses this server can reach (advertised.listeners).',
          { detail: explained.detail },
        );
      });
      const info = {
        clusterId: described.clusterId,
        brokerCount: described.brokers.length,
        controllerId: described.controller ?? -1,
      };
      result.cluster = info;
      const advertised = described.brokers.map((broker) => `${broker.host}:${broker.port}`).join(', ');
      return { value: described, detail: `cluster ${info.clusterId}, ${info.brokerCount} broker(s): ${advertised}` };
    });

    const topicExists = await run('topic', async () => {
      const topics = await connectedAdmin.listTopics();
      if (!topics.includes(destination.topic)) {
        const autoCreate = await readBrokerConfig(
          connectedAdmin,
          String(cluster.controller ?? cluster.brokers[0]?.nodeId ?? 1),
          'auto.create.topics.enable',
        );
        if (autoCreate === 'true') {
          const note = `Topic ${destination.topic} does not exist yet; the cluster creates it on the first write (auto.create.topics.enable=true) with its default partitions.`;
          warnings.push(note);
          return { value: false, detail: note, status: 'warning' };
        }
        throw fail(
          'topic',
          `Topic ${destination.topic} does not exist${autoCreate === 'false' ? ' and the cluster does not auto-create topics' : ' (or this principal may not see it)'}.`,
          'Create the topic (or ask the cluster admin to), or correct the Topic Name.',
          { errorCode: 'UNKNOWN_TOPIC_OR_PARTITION' },
        );
      }
      const metadata = await connectedAdmin.fetchTopicMetadata({ topics: [destination.topic] });
      const partitions = metadata.topics[0]?.partitions ?? [];
      const replicationFactor = Math.max(0, ...partitions.map((partition) => partition.replicas.length));
      result.topic = { name: destination.topic, partitions: partitions.length, replicationFactor };
      return { value: true, detail: `${partitions.length} partition(s), replication factor ${replicationFactor}` };
    });

    if (!topicExists) {
      skip('write-permission', 'the topic does not exist yet');
    } else {
      await run('write-permission', async () => {
        const answer = await fetchTopicAuthorizedOperations(kafka, destination.topic);
        const denied = explainWriteDenied(destination, answer);
        if (denied) {
          throw fail('write-permission', denied.message, denied.hint, {
            ...(denied.detail && { detail: denied.detail }),
            errorCode: 'TOPIC_AUTHORIZATION_FAILED',
          });
        }
        if (!answer.operations) {
          warnings.push('The broker cannot report topic permissions; a write may still be refused.');
          return { value: undefined, detail: 'the broker does not report authorized operations', status: 'warning' };
        }
        return { value: undefined, detail: `authorized operations: ${answer.operations.join(', ')}` };
      });
    }

    const summary = result.topic
      ? `cluster ${result.cluster?.clusterId}, ${result.cluster?.brokerCount} broker(s), topic ${result.topic.name} with ${result.topic.partitions} partition(s)`
      : `cluster ${result.cluster?.clusterId}, ${result.cluster?.brokerCount} broker(s)`;
    return { isSuccessful: true, message: `Connection Successful: ${summary}.`, steps, warnings, ...result };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('metadata', String(error), '');
    return {
      isSuccessful: false,
      failedStep: failure.step,
      message: failure.message,
      ...(failure.hint && { hint: failure.hint }),
      steps,
      warnings,
      ...result,
    };
  } finally {
    await admin?.disconnect().catch(() => undefined);
  }
}

async function readBrokerConfig(admin: Admin, brokerId: string, name: string): Promise<string | undefined> {
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: brokerId, configNames: [name] }],
    });
    return described.resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  } catch {
    return undefined;
  }
}
