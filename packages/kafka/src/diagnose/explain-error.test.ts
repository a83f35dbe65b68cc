import { ZKafkaDestinationInputSchema } from '@tributary/core';
import { describe, expect, it } from 'vitest';
import { explainConnectError } from './explain-error.ts';

const destination = ZKafkaDestinationInputSchema.parse({
  type: 'kafka-topic',
  bootstrapServers: 'broker-1:9093',
  topic: 'orders',
  ssl: { isEnabled: true },
  sasl: { mechanism: 'PLAIN', username: 'svc', password: 'secret' },
});

describe('explainConnectError', () => {
  it('a client-certificate alert at the Kafka handshake is the TLS step, in words, as this broker failing', () => {
    // How kafkajs reports a socket error: its own error around the socket's, code kept.
    const socketError = Object.assign(
      new Error(
        '80EC4883177F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42',
      ),
      { code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' },
    );
    const kafkajsError = Object.assign(new Error(`Connection error: ${socketError.message}`), {
      name: 'KafkaJSConnectionError',
      code: socketError.code,
      originalError: socketError,
    });
    const explained = explainConnectError(kafkajsError, destination, { host: 'broker-1', timeoutMs: 3_000 });
    expect(explained).toMatchObject({
      step: 'tls',
      serverReason: 'requires a client certificate (mutual TLS) and none was given (TLS alert 42: bad certificate)',
      message:
        'The broker requires a client certificate (mutual TLS) and none was given (TLS alert 42: bad certificate).',
      errorCode: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    });
  });

  it('a refused connection is this broker failing, so the next bootstrap server is tried', () => {
    const refused = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9093'), {
      name: 'KafkaJSConnectionError',
      code: 'ECONNREFUSED',
    });
    expect(explainConnectError(refused, destination, { host: 'broker-1', timeoutMs: 3_000 }).serverReason).toBe(
      'refused the connection: nothing listens on that port',
    );
  });

  it('a rejected password is the cluster answering: no other server is tried', () => {
    const rejected = Object.assign(new Error('SASL PLAIN authentication failed: Authentication failed'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    const explained = explainConnectError(rejected, destination, { host: 'broker-1', timeoutMs: 3_000 });
    expect(explained.step).toBe('sasl');
    expect(explained.serverReason).toBeUndefined();
  });
});
