import {
  formatBrokerAddress,
  parseBootstrapServers,
  type TConnectionTestStep,
  type TKafkaDestination,
} from '@tributary/core';
import type { Kafka } from 'kafkajs';
import { buildTlsOptions } from '../kafka-config.ts';
import { TokenEndpointError } from '../oidc-token.ts';
import { diagnoseConnection } from '../diagnose/diagnose-connection.ts';
import { errorChain, explainConnectError, principalOf } from '../diagnose/explain-error.ts';
import { isTlsRefusal } from '../diagnose/tls-errors.ts';
import { handshakeServer } from '../diagnose/tls-step.ts';
import { fetchTopicAuthorizedOperations } from '../diagnose/topic-authorized-operations.ts';
import { explainWriteDenied } from '../diagnose/write-permission-step.ts';

export type TDestinationErrorCode =
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'SASL_AUTHENTICATION_FAILED'
  | 'UNSUPPORTED_SASL_MECHANISM'
  | 'TOPIC_AUTHORIZATION_FAILED'
  | 'CLUSTER_AUTHORIZATION_FAILED'
  | 'TLS_REFUSED'
  | 'TLS_REQUIRED';

/**
 * The destination refuses this client in a way no retry can fix (missing topic, credentials,
 * permissions, certificates): a job fails at once with this reason, worded as Test Connection
 * words it.
 */
export class DestinationError extends Error {
  override name = 'DestinationError';
  constructor(
    readonly code: TDestinationErrorCode,
    explanation: { message: string; hint?: string },
  ) {
    super(explanation.hint ? `${explanation.message} ${explanation.hint}` : explanation.message);
  }
}

export function topicMissingError(topic: string): DestinationError {
  return new DestinationError('UNKNOWN_TOPIC_OR_PARTITION', {
    message: `Topic "${topic}" does not exist on the cluster (or this user may not see it), and Tributary does not create topics: create it, or correct Topic Name on the Destination tab`,
  });
}

/** The code of a failed Test Connection step that no retry can fix; undefined when one may. */
function permanentCode(step: TConnectionTestStep): TDestinationErrorCode | undefined {
  const code = step.errorCode;
  switch (step.step) {
    case 'sasl':
      return code === 'SASL_AUTHENTICATION_FAILED' || code === 'UNSUPPORTED_SASL_MECHANISM' ? code : undefined;
    case 'tls':
      if (code === 'TLS_REQUIRED') return code;
      return isTlsRefusal(code) ? 'TLS_REFUSED' : undefined;
    case 'topic':
      return code === 'UNKNOWN_TOPIC_OR_PARTITION' ? code : undefined;
    case 'write-permission':
      return code === 'TOPIC_AUTHORIZATION_FAILED' ? code : undefined;
    default:
      return undefined;
  }
}

/**
 * Test Connection's verdict, when it failed for a reason no retry fixes. Some refusals look like
 * network trouble to kafkajs (a broker closing the connection after an OAUTHBEARER token it does
 * not accept, a plaintext client on a TLS port, a refused certificate): Test Connection tells.
 */
async function diagnosedDestinationError(destination: TKafkaDestination): Promise<DestinationError | undefined> {
  const result = await diagnoseConnection(destination).catch(() => undefined);
  const failed = result?.steps.find((step) => step.status === 'failed');
  const code = failed && permanentCode(failed);
  return result && code ? new DestinationError(code, result) : undefined;
}

/** A refused certificate is one TLS handshake; kafkajs would retry it as a network error for a minute. */
const TLS_PREFLIGHT_TIMEOUT_MS = 10_000;

/**
 * Before the producer connects, one TLS handshake (and Kafka request) with the first bootstrap
 * server, as Test Connection's TLS step makes it; when TLS itself refused, Test Connection
 * decides over every server. A server that cannot be reached is left to the producer's retries:
 * that may be an outage.
 */
export async function assertTlsAccepted(destination: TKafkaDestination): Promise<void> {
  const tls = buildTlsOptions(destination.ssl);
  const parsed = parseBootstrapServers(destination.bootstrapServers);
  const address = parsed.ok ? parsed.servers[0] : undefined;
  if (!tls || !address) return;
  const kafkaStep = principalOf(destination.sasl) === undefined ? 'metadata' : 'sasl';
  const server = { address, label: formatBrokerAddress(address), position: 0 };
  const outcome = await handshakeServer(server, tls, TLS_PREFLIGHT_TIMEOUT_MS, kafkaStep);
  if (outcome.failure?.step !== 'tls' || !isTlsRefusal(outcome.failure.errorCode)) return;
  const refused = await diagnosedDestinationError(destination);
  if (refused) throw refused;
}

const SASL_REJECTIONS = new Set(['SASL_AUTHENTICATION_FAILED', 'UNSUPPORTED_SASL_MECHANISM']);
const AUTHORIZATION_FAILURES = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED']);

function isSaslRejection(error: unknown): boolean {
  return errorChain(error).some(
    (e) =>
      e.name === 'KafkaJSSASLAuthenticationError' ||
      e.type === 'UNSUPPORTED_SASL_MECHANISM' ||
      e.type === 'ILLEGAL_SASL_STATE' ||
      (e instanceof TokenEndpointError && (e.status === 400 || e.status === 401)),
  );
}

async function explainAuthorizationFailure(
  type: string,
  destination: TKafkaDestination,
  kafka: Kafka,
): Promise<DestinationError> {
  const answer = await fetchTopicAuthorizedOperations(kafka, destination.topic).catch(() => undefined);
  const denied = answer && explainWriteDenied(destination, answer);
  if (denied) return new DestinationError('TOPIC_AUTHORIZATION_FAILED', denied);
  const who = principalOf(destination.sasl) ?? 'this client';
  if (type === 'CLUSTER_AUTHORIZATION_FAILED') {
    // Since Kafka 2.8 WRITE on a topic implies the cluster's IDEMPOTENT_WRITE; older brokers ask for it.
    return new DestinationError('CLUSTER_AUTHORIZATION_FAILED', {
      message: `The cluster refused ${who} an idempotent producer (IDEMPOTENT_WRITE on the cluster).`,
      hint: `Ask the cluster admin for a WRITE ACL on topic ${destination.topic} for ${who} (Kafka 2.8 and later), or for IDEMPOTENT_WRITE on the cluster.`,
    });
  }
  return new DestinationError('TOPIC_AUTHORIZATION_FAILED', {
    message: `${who} may not write to topic ${destination.topic}.`,
    hint: `Ask the cluster admin for a WRITE ACL on topic ${destination.topic} for ${who}.`,
  });
}

/**
 * The destination error a producer's failure means, explained as Test Connection explains it, or
 * the failure itself when a retry may help (brokers away, leaders moving). A failure to open the
 * producer that proves nothing, or a refused TLS handshake, is diagnosed by Test Connection.
 */
export async function asDestinationError(
  error: unknown,
  destination: TKafkaDestination,
  kafka: Kafka,
  stage: 'open' | 'send',
): Promise<unknown> {
  if (error instanceof DestinationError) return error;
  const chain = errorChain(error);
  if (isSaslRejection(error)) {
    const parsed = parseBootstrapServers(destination.bootstrapServers);
    const host = parsed.ok ? (parsed.servers[0]?.host ?? '') : '';
    const explained = explainConnectError(error, destination, { host, timeoutMs: TLS_PREFLIGHT_TIMEOUT_MS });
    const code = SASL_REJECTIONS.has(explained.errorCode ?? '') ? explained.errorCode : 'SASL_AUTHENTICATION_FAILED';
    return new DestinationError(code as TDestinationErrorCode, explained);
  }
  const authorization = chain.find((e) => AUTHORIZATION_FAILURES.has(e.type ?? ''));
  if (authorization?.type) return explainAuthorizationFailure(authorization.type, destination, kafka);
  const isTlsRefused = chain.some((e) => e.name === 'KafkaJSConnectionError' && isTlsRefusal(e.code));
  if (stage === 'open' || isTlsRefused) return (await diagnosedDestinationError(destination)) ?? error;
  return error;
}
