import { Socket } from 'node:net';
import type { TConnectionTestStepName } from '@tributary/core';
import { askApiVersions, NoKafkaAnswer } from './kafka-request-probe.ts';
import { explainNoKafkaAnswer } from './no-kafka-answer.ts';
import type { BootstrapServer, ServerOutcome } from './server-outcome.ts';
import { speaksTls } from './tls-step.ts';
import { errorCodeOf, withTimeout } from './with-timeout.ts';

/**
 * With Use SSL off: one Kafka request in plaintext. A TLS listener drops it, which tells
 * "turn Use SSL on" apart from a port that is not Kafka at all; a silent server is found here,
 * for every server at once, instead of one Kafka client timeout after another.
 */
export async function askServerInPlaintext(
  server: BootstrapServer,
  timeoutMs: number,
  kafkaStep: TConnectionTestStepName,
): Promise<ServerOutcome> {
  const socket = new Socket();
  socket.on('error', () => undefined);
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(server.address.port, server.address.host, resolve);
      }),
      timeoutMs,
      () => socket.destroy(),
    );
  } catch (error) {
    socket.destroy();
    const code = errorCodeOf(error) ?? 'ECONNFAILED';
    return {
      failure: {
        step: 'tcp',
        reason: `accepted one connection but not the next (${code})`,
        hint: 'The broker may be restarting or refusing new connections: try again in a moment.',
        errorCode: code,
      },
    };
  }
  try {
    await askApiVersions(socket, timeoutMs);
    return { detail: `${server.label} answered a Kafka request` };
  } catch (error) {
    const isClosed = !(error instanceof NoKafkaAnswer) || error.kind === 'closed';
    if (isClosed && (await speaksTls(server.address, timeoutMs))) {
      return {
        failure: {
          step: 'tls',
          reason: 'expects TLS, but Use SSL is off',
          hint: 'Turn Use SSL on (and give the CA certificate if the cluster uses a private CA).',
          errorCode: 'TLS_REQUIRED',
        },
      };
    }
    return { failure: explainNoKafkaAnswer(error, kafkaStep, timeoutMs, 'TCP') };
  } finally {
    socket.destroy();
  }
}
