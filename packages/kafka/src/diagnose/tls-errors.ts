import type { ServerFailure } from './server-outcome.ts';
import { errorCodeOf, seconds } from './with-timeout.ts';

export interface TlsAttempt {
  host: string;
  hasCaCertificate: boolean;
  hasClientCertificate: boolean;
  timeoutMs: number;
}

const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * TLS failures no retry fixes: a broker certificate this client refuses, or a handshake the
 * broker ended with an alert (it refuses the client certificate, or shares no TLS version).
 */
export function isTlsRefusal(code: string | undefined): boolean {
  if (code === undefined) return false;
  return (
    UNTRUSTED_CHAIN.has(code) ||
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'].includes(code) ||
    /^ERR_SSL_.*_ALERT_/.test(code)
  );
}

/** TLS alert descriptions (RFC 8446 §6) a broker sends when it ends a handshake. */
const ALERT_NAMES: Record<number, string> = {
  40: 'handshake failure',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  48: 'unknown CA',
  49: 'access denied',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  112: 'unrecognized name',
  116: 'certificate required',
};
/**
 * Alerts about the client's certificate. Measured against Kafka 4.4 with
 * `ssl.client.auth=required`: no certificate → 42 (TLS 1.2 and 1.3), an untrusted one → 46;
 * OpenSSL servers send 116 and 48 instead.
 */
const CLIENT_CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48, 49, 116]);
const HANDSHAKE_FAILURE = 40;

/** The TLS alert the peer sent, when the error is one: OpenSSL names it in the message and the code. */
export function tlsAlertOf(error: unknown): number | undefined {
  const code = errorCodeOf(error) ?? '';
  const message = error instanceof Error ? error.message : '';
  if (!/^ERR_SSL_.*_ALERT_/.test(code) && !/SSL alert number/.test(message)) return undefined;
  const number = /SSL alert number (\d+)/.exec(message)?.[1];
  return number === undefined ? -1 : Number(number);
}

const describeAlert = (alert: number) =>
  alert < 0 ? 'a TLS alert' : `TLS alert ${alert}: ${ALERT_NAMES[alert] ?? 'unknown alert'}`;

/** OpenSSL's short reason ("wrong version number") instead of its whole line with source file names. */
function openSslReason(message: string): string | undefined {
  return /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1]?.trim();
}

const PLAINTEXT_HINT = "This port does not speak TLS: turn Use SSL off, or use the broker's TLS port.";
const CA_HINT =
  "Paste the CA certificate that signed the brokers' certificates, or check the host name the certificate was issued for.";

/** Why a TLS handshake with a broker failed, in words an operator can act on. */
export function explainTlsError(error: unknown, attempt: TlsAttempt): ServerFailure {
  const code = errorCodeOf(error) ?? 'TLS_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  const failure = (reason: string, hint: string): ServerFailure => ({ step: 'tls', reason, hint, errorCode: code });

  if (UNTRUSTED_CHAIN.has(code)) {
    const signer = attempt.hasCaCertificate ? 'the CA you gave' : 'a CA this server trusts';
    return failure(`presented a certificate not signed by ${signer} (${code})`, CA_HINT);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return failure(`presented a certificate that is not valid for the name ${attempt.host}`, CA_HINT);
  if (code === 'CERT_HAS_EXPIRED') return failure('presented an expired certificate', CA_HINT);
  if (code === 'CERT_NOT_YET_VALID') return failure('presented a certificate that is not valid yet', CA_HINT);

  const alert = tlsAlertOf(error);
  if (alert !== undefined && CLIENT_CERTIFICATE_ALERTS.has(alert)) {
    return attempt.hasClientCertificate
      ? failure(
          `refused the client certificate (${describeAlert(alert)})`,
          'The brokers do not accept this client certificate: use one signed by a CA in their truststore, not expired, and issued for client authentication.',
        )
      : failure(
          `requires a client certificate (mutual TLS) and none was given (${describeAlert(alert)})`,
          'This listener requires mutual TLS: give a Client Certificate and Client Private Key signed by a CA the brokers trust.',
        );
  }
  if (alert === HANDSHAKE_FAILURE) {
    const what = attempt.hasClientCertificate ? 'refuse the client certificate' : 'require a client certificate';
    return failure(
      `ended the TLS handshake (${describeAlert(alert)}): it may ${what}, or share no TLS version or cipher suite with this server`,
      attempt.hasClientCertificate
        ? 'Check that the client certificate is signed by a CA the brokers trust; otherwise ask the cluster admin which TLS versions and cipher suites the listener allows.'
        : 'If the listener requires mutual TLS, give a Client Certificate and Client Private Key; otherwise ask the cluster admin which TLS versions and cipher suites the listener allows.',
    );
  }
  if (alert !== undefined) {
    return failure(
      `ended the TLS handshake (${describeAlert(alert)})`,
      'Ask the cluster admin which TLS versions and cipher suites the listener allows.',
    );
  }
  if (code === 'ETIMEDOUT') {
    return failure(
      `accepted the connection, but the TLS handshake timed out after ${seconds(attempt.timeoutMs)} s`,
      "The port never answered the TLS handshake: check that it is the broker's TLS listener, and that no proxy or firewall holds the connection.",
    );
  }
  // A plaintext Kafka listener reads the ClientHello as an oversized request and drops the connection.
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket disconnected/i.test(message)) {
    return failure(
      `closed the connection during the TLS handshake (${code}): it looks like a plaintext port`,
      PLAINTEXT_HINT,
    );
  }
  if (/wrong version number|packet length too long|http request/i.test(message)) {
    return failure(
      `answered the TLS handshake with something that is not TLS (${openSslReason(message) ?? code}): it looks like a plaintext port`,
      PLAINTEXT_HINT,
    );
  }
  return failure(
    `failed the TLS handshake (${[code, openSslReason(message)].filter(Boolean).join(': ')})`,
    'Check Use SSL, the CA certificate and the port; the cluster admin can tell which TLS settings the listener expects.',
  );
}
