import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { BrokerAddress, TConnectionTestStepName } from '@tributary/core';
import { askApiVersions } from './kafka-request-probe.ts';
import { explainNoKafkaAnswer } from './no-kafka-answer.ts';
import type { BootstrapServer, ServerOutcome } from './server-outcome.ts';
import { explainTlsError, tlsAlertOf } from './tls-errors.ts';
import { withTimeout } from './with-timeout.ts';

async function openTls({ host, port }: BrokerAddress, options: ConnectionOptions, timeoutMs: number) {
  let socket: TLSSocket | undefined;
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket = tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...options }, resolve);
        socket.once('error', reject);
      }),
      timeoutMs,
      () => socket?.destroy(),
    );
    return socket as TLSSocket;
  } catch (error) {
    socket?.destroy();
    throw error;
  } finally {
    // Errors after the handshake reach the caller through askApiVersions; never leave one unhandled.
    socket?.on('error', () => undefined);
  }
}

/**
 * A TLS handshake with the destination's TLS options, then one Kafka request over it: a broker
 * that requires a client certificate lets a TLS 1.3 handshake complete and refuses the
 * certificate only afterwards, with an alert.
 */
export async function handshakeServer(
  server: BootstrapServer,
  options: ConnectionOptions,
  timeoutMs: number,
  kafkaStep: TConnectionTestStepName,
): Promise<ServerOutcome> {
  const attempt = {
    host: server.address.host,
    hasCaCertificate: Boolean(options.ca),
    hasClientCertificate: Boolean(options.cert),
    timeoutMs,
  };
  let socket: TLSSocket;
  try {
    socket = await openTls(server.address, options, timeoutMs);
  } catch (error) {
    return { failure: explainTlsError(error, attempt) };
  }
  const passed = `${server.label} completed a ${socket.getProtocol() ?? 'TLS'} handshake`;
  try {
    await askApiVersions(socket, timeoutMs);
    return { detail: passed };
  } catch (error) {
    if (tlsAlertOf(error) !== undefined) return { failure: explainTlsError(error, attempt) };
    return { passed, failure: explainNoKafkaAnswer(error, kafkaStep, timeoutMs, 'TLS') };
  } finally {
    socket.destroy();
  }
}

/** Whether a port speaks TLS at all, certificates aside: an alert is TLS speaking too. */
export async function speaksTls(address: BrokerAddress, timeoutMs: number): Promise<boolean> {
  try {
    (await openTls(address, { rejectUnauthorized: false }, timeoutMs)).destroy();
    return true;
  } catch (error) {
    return tlsAlertOf(error) !== undefined;
  }
}
