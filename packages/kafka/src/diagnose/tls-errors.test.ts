import { describe, expect, it } from 'vitest';
import { explainTlsError, tlsAlertOf } from './tls-errors.ts';

/** A TLS alert as Node reports it: OpenSSL's line, and a code naming the alert. */
const alertError = (code: string, reason: string, alert: number) =>
  Object.assign(
    new Error(
      `80EC4883177F0000:error:0A000412:SSL routines:ssl3_read_bytes:${reason}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number ${alert}\n`,
    ),
    { code },
  );

const attempt = { host: 'broker-1', hasCaCertificate: true, hasClientCertificate: false, timeoutMs: 3_000 };

describe('explainTlsError', () => {
  // What Kafka 4.4 sends with listener.name.<x>.ssl.client.auth=required (measured; TLS 1.2 and 1.3 alike).
  it('a Kafka broker refusing a missing client certificate (alert 42)', () => {
    expect(
      explainTlsError(alertError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate', 42), attempt),
    ).toEqual({
      step: 'tls',
      reason: 'requires a client certificate (mutual TLS) and none was given (TLS alert 42: bad certificate)',
      hint: 'This listener requires mutual TLS: give a Client Certificate and Client Private Key signed by a CA the brokers trust.',
      errorCode: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    });
  });

  it('a Kafka broker refusing an untrusted client certificate (alert 46)', () => {
    const failure = explainTlsError(
      alertError('ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'sslv3 alert certificate unknown', 46),
      { ...attempt, hasClientCertificate: true },
    );
    expect(failure.reason).toBe('refused the client certificate (TLS alert 46: certificate unknown)');
    expect(failure.hint).toMatch(/^The brokers do not accept this client certificate/);
  });

  it('never passes OpenSSL source locations on', () => {
    const failure = explainTlsError(
      alertError('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version', 70),
      attempt,
    );
    expect(failure.reason).toBe('ended the TLS handshake (TLS alert 70: protocol version)');
    expect(JSON.stringify(failure)).not.toMatch(/rec_layer|\.c:\d+|SSL routines/);
  });

  it('a timeout is not a plaintext port; a reset is', () => {
    const timeout = explainTlsError(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' }), attempt);
    expect(timeout.reason).toBe('accepted the connection, but the TLS handshake timed out after 3 s');
    expect(timeout.hint).not.toMatch(/plaintext|Use SSL off/);
    const reset = explainTlsError(
      Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), {
        code: 'ECONNRESET',
      }),
      attempt,
    );
    expect(reset.reason).toBe(
      'closed the connection during the TLS handshake (ECONNRESET): it looks like a plaintext port',
    );
  });
});

describe('tlsAlertOf', () => {
  it('reads the alert number, and ignores errors that are not alerts', () => {
    expect(
      tlsAlertOf(alertError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required', 116)),
    ).toBe(116);
    // kafkajs wraps the socket error and keeps its code and text.
    expect(
      tlsAlertOf(
        Object.assign(new Error('Connection error: ...:SSL alert number 42'), {
          name: 'KafkaJSConnectionError',
          code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
        }),
      ),
    ).toBe(42);
    expect(tlsAlertOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });
});
