import { SASL_MECHANISM_LABELS, type TKafkaDestination } from '@tributary/core';
import { TokenEndpointError } from '../oidc-token.ts';
import { explainTlsError, tlsAlertOf, type TlsAttempt } from './tls-errors.ts';
import { seconds } from './with-timeout.ts';

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
  step: 'tls' | 'sasl' | 'metadata';
  message: string;
  hint: string;
  detail: string;
  errorCode?: string;
  /**
   * Set when the failure is this broker's own (closed, silent, refused, its TLS refused us):
   * another bootstrap server may still work. Reads after the server's name.
   */
  serverReason?: string;
}

/** Turns a kafkajs connect/authenticate failure into the step that failed and what to do. */
export function explainConnectError(
  error: unknown,
  destination: TKafkaDestination,
  attempt: Omit<TlsAttempt, 'hasCaCertificate' | 'hasClientCertificate'>,
): Explanation {
  const chain = errorChain(error);
  const mechanism = SASL_MECHANISM_LABELS[destination.sasl.mechanism];
  const texts = chain.map((e) => e.message ?? '').filter(Boolean);
  const detail = [...new Set(texts)].join(' ← ');

  // The TLS step saw the handshake through; a broker may still refuse the client certificate here.
  const tlsAlert = chain.find((e) => tlsAlertOf(e) !== undefined);
  if (tlsAlert) {
    const failure = explainTlsError(tlsAlert, {
      ...attempt,
      hasCaCertificate: Boolean(destination.ssl.caCertificate),
      hasClientCertificate: Boolean(destination.ssl.clientCertificate),
    });
    return {
      step: 'tls',
      message: `The broker ${failure.reason}.`,
      hint: failure.hint,
      detail,
      serverReason: failure.reason,
      ...(failure.errorCode && { errorCode: failure.errorCode }),
    };
  }

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
  const isRefused = chain.some((e) => e.code === 'ECONNREFUSED');
  const serverReason = isRefused
    ? 'refused the connection: nothing listens on that port'
    : isClosed
      ? 'closed the connection during the Kafka handshake'
      : isTimeout
        ? `did not answer the Kafka handshake within ${seconds(attempt.timeoutMs)} s`
        : `failed the Kafka handshake: ${texts[texts.length - 1] ?? 'no reason given'}`;
  return {
    step: destination.sasl.mechanism === 'NONE' ? 'metadata' : 'sasl',
    message: `The broker ${serverReason}.`,
    serverReason,
    hint:
      destination.sasl.mechanism === 'NONE'
        ? 'The listener may require SASL authentication or TLS: check the SASL Mechanism and Use SSL.'
        : 'The listener may not expect SASL, or expects TLS: check the port, Use SSL and the SASL Mechanism.',
    detail,
    ...(protocolError?.type && { errorCode: protocolError.type }),
  };
}
