import type { Socket } from 'node:net';
import { seconds } from './with-timeout.ts';

const API_VERSIONS_KEY = 18;
const CORRELATION_ID = 0x74726962;
const CLIENT_ID = Buffer.from('tributary-connection-test');

/** ApiVersions v0: every broker answers it, before SASL authentication too, and Kafka 4 still accepts v0. */
function apiVersionsRequest(): Buffer {
  const frame = Buffer.alloc(14 + CLIENT_ID.length);
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeInt16BE(API_VERSIONS_KEY, 4);
  frame.writeInt16BE(0, 6);
  frame.writeInt32BE(CORRELATION_ID, 8);
  frame.writeInt16BE(CLIENT_ID.length, 12);
  CLIENT_ID.copy(frame, 14);
  return frame;
}

/** The server did not answer a Kafka request: it closed the connection, stayed silent, or spoke another protocol. */
export class NoKafkaAnswer extends Error {
  constructor(
    readonly kind: 'closed' | 'timeout' | 'not-kafka',
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Asks a connected socket for the broker's API versions and waits for the answer's header. It
 * proves the listener speaks Kafka, and over TLS it is what brings out a broker's refusal of the
 * client certificate: in TLS 1.3 the broker sends that alert only after the client's handshake
 * has completed. Rejects with the socket's own error (a TLS alert keeps its code) or a NoKafkaAnswer.
 */
export function askApiVersions(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let received = Buffer.alloc(0);
    let isSettled = false;
    const finish = (error?: Error) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      socket.off('data', onData).off('error', finish).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 8) return;
      finish(
        received.readInt32BE(4) === CORRELATION_ID
          ? undefined
          : new NoKafkaAnswer('not-kafka', 'answered with something that is not a Kafka response', 'EPROTO'),
      );
    };
    const onClose = () => finish(new NoKafkaAnswer('closed', 'closed the connection', 'ECONNRESET'));
    const timer = setTimeout(
      () => finish(new NoKafkaAnswer('timeout', `no answer within ${seconds(timeoutMs)} s`, 'ETIMEDOUT')),
      timeoutMs,
    );
    socket.on('data', onData).on('error', finish).on('close', onClose);
    socket.write(apiVersionsRequest());
  });
}
