import { SASL_MECHANISM_LABELS, type TKafkaDestination } from '@tributary/core';
import { TokenEndpointError } from '../oidc-token.ts';
import type { TlsOutcome } from './network-steps.ts';
import type { TopicAuthorizedOperations } from './topic-authorized-operations.ts';

interface ErrorLike {
  name?: string;
  message?: string;
  type?: string;
  code?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** kafkajs wraps errors (retries exceeded, non-retriable); walk to every cause. */
export function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 10) {
    const item = current as ErrorLike;
    chain.push(item);
    current = item.originalError ?? item.cause;
  }
  return chain;
}

export function principalOf(sasl: TKafkaDestination['sasl']): string | undefined {
  switch (sasl.mechanism) {
    case 'NONE':
      return undefined;
    case 'OAUTHBEARER':
      return sasl.principal;
    case 'OAUTHBEARER_OIDC':
      return sasl.clientId;
    default:
      return sasl.username;
  }
}

export interface Explanation {
  step: 'sasl' | 'metadata';
  message: string;
  hint: string;
  detail: string;
  errorCode?: string;
}

/** Turns a kafkajs connect/authenticate failure into the step that failed and what to do. */
export function explainConnectError(error: unknown, destination: TKafkaDestination): Explanation {
  const chain = errorChain(error);
  const mechanism = SASL_MECHANISM_LABELS[destination.sasl.mechanism];
  const texts = chain.map((e) => e.message ?? '').filter(Boolean);
  const detail = [...new Set(texts)].join(' ← ');

  const isOAuth = destination.sasl.mechanism === 'OAUTHBEARER' || destination.sasl.mechanism === 'OAUTHBEARER_OIDC';
  const tokenError = chain.find((e): e is TokenEndpointError => e instanceof TokenEndpointError);
  if (tokenError) {
    const isRejected = tokenError.status === 400 || tokenError.status === 401;
    return {
      step: 'sasl',
      message: `OAUTHBEARER (OIDC): no token from the token endpoint. ${tokenError.message}`,
      hint: isRejected
        ? 'Check the Client ID and Client Secret (and Scope) registered with the identity provider.'
        : 'Check the Token Endpoint URL and that this server can reach it.',
      detail,
      ...(tokenError.oauthError && { errorCode: tokenError.oauthError }),
    };
  }

  const isUnsupportedMechanism = chain.some(
    (e) => e.type === 'UNSUPPORTED_SASL_MECHANISM' || /mechanism is not supported by the server/i.test(e.message ?? ''),
  );
  const saslError = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (saslError || isUnsupportedMechanism) {
    if (isUnsupportedMechanism) {
      return {
        step: 'sasl',
        message: `SASL authentication failed: this listener does not offer ${mechanism}.`,
        hint: 'Choose a SASL mechanism the listener offers (ask the cluster admin), or use the listener that offers this one.',
        detail,
        errorCode: 'UNSUPPORTED_SASL_MECHANISM',
      };
    }
    const what =
      isOAuth || destination.sasl.mechanism === 'OAUTHBEARER_OIDC'
        ? `the broker rejected the ${mechanism} token`
        : `the broker rejected the username or password for ${mechanism}`;
    return {
      step: 'sasl',
      message: `SASL authentication failed: ${what}.`,
      hint:
        destination.sasl.mechanism === 'OAUTHBEARER'
          ? 'Unsecured OAUTHBEARER tokens are accepted only by brokers configured for them (development clusters); production clusters need OAUTHBEARER (OIDC).'
          : 'Check the credentials, and that the user exists for this mechanism on the cluster.',
      detail,
      errorCode: 'SASL_AUTHENTICATION_FAILED',
    };
  }

  // A broker answers a bad OAUTHBEARER token with an RFC 7628 error challenge that kafkajs takes
  // for success; the broker then refuses every request, and kafkajs drops it from its pool.
  if (
    isOAuth &&
    chain.some(
      (e) =>
        e.type === 'ILLEGAL_SASL_STATE' || /current SASL state|No brokers in the broker pool/.test(e.message ?? ''),
    )
  ) {
    return {
      step: 'sasl',
      message: `SASL authentication failed: the broker rejected the ${mechanism} token.`,
      hint:
        destination.sasl.mechanism === 'OAUTHBEARER'
          ? 'This listener validates signed tokens: use OAUTHBEARER (OIDC) with the identity provider the cluster trusts.'
          : 'The token was issued but the broker does not accept it: check Scope, the audience and issuer the cluster expects, and SASL extensions.',
      detail,
      errorCode: 'SASL_AUTHENTICATION_FAILED',
    };
  }

  const protocolError = chain.find((e) => e.type && e.name === 'KafkaJSProtocolError');
  if (protocolError?.type === 'CLUSTER_AUTHORIZATION_FAILED') {
    return {
      step: 'metadata',
      message: 'The broker refused to describe the cluster to this principal.',
      hint: `Grant DESCRIBE on the cluster to ${principalOf(destination.sasl) ?? 'this client'}.`,
      detail,
      errorCode: protocolError.type,
    };
  }

  const isClosed = chain.some((e) =>
    /ConnectionClosed|Closed connection|ECONNRESET|EPIPE/i.test(`${e.name} ${e.message} ${e.code}`),
  );
  const isTimeout = chain.some((e) => /Timeout|timed out|ETIMEDOUT/i.test(`${e.name} ${e.message} ${e.code}`));
  return {
    step: destination.sasl.mechanism === 'NONE' ? 'metadata' : 'sasl',
    message: isClosed
      ? 'The broker closed the connection during the handshake.'
      : isTimeout
        ? 'The broker did not answer the Kafka handshake in time.'
        : `The Kafka handshake failed: ${texts[texts.length - 1] ?? 'no reason given'}`,
    hint:
      destination.sasl.mechanism === 'NONE'
        ? 'The listener may require SASL authentication or TLS: check the SASL Mechanism and Use SSL.'
        : 'The listener may not expect SASL, or expects TLS: check the port, Use SSL and the SASL Mechanism.',
    detail,
    ...(protocolError?.type && { errorCode: protocolError.type }),
  };
}

/** Test Connection's TLS failure; a job whose producer cannot connect says the same. */
export function explainTlsFailure(outcome: TlsOutcome): { message: string; hint: string } {
  return {
    message: `TLS: ${outcome.detail}.`,
    hint: outcome.isPlaintextPort
      ? "This port does not speak TLS: turn Use SSL off, or use the broker's TLS port."
      : "Paste the CA certificate that signed the brokers' certificates, or check the host name the certificate was issued for.",
  };
}

const TOPIC_AUTHORIZATION_FAILED = 29;
const UNKNOWN_TOPIC_OR_PARTITION = 3;

/**
 * Why the principal may not write to the topic, from the broker's answer about its permissions
 * on it; undefined when WRITE is allowed or the broker cannot say. Test Connection and a job the
 * broker refused say the same.
 */
export function explainWriteDenied(
  destination: TKafkaDestination,
  answer: TopicAuthorizedOperations,
): { message: string; hint: string; detail?: string } | undefined {
  const { topic } = destination;
  const who = principalOf(destination.sasl) ?? 'this client';
  const hint = `Ask the cluster admin for a WRITE ACL on topic ${topic} for ${who}.`;
  if (answer.errorCode === TOPIC_AUTHORIZATION_FAILED || answer.errorCode === UNKNOWN_TOPIC_OR_PARTITION) {
    return { message: `${who} may not use topic ${topic}.`, hint };
  }
  if (!answer.operations || answer.operations.includes('WRITE')) return undefined;
  const allowed = answer.operations.join(', ') || 'nothing';
  return {
    message: `${who} may not write to topic ${topic} (allowed: ${allowed}).`,
    hint,
    detail: `authorized operations: ${allowed}`,
  };
}
