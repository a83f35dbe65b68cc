import type { TConnectionTestStepName } from '@tributary/core';
import { NoKafkaAnswer } from './kafka-request-probe.ts';
import type { ServerFailure } from './server-outcome.ts';
import { errorCodeOf, seconds } from './with-timeout.ts';

/** A connected server that did not answer a Kafka request: silent, closed, or another protocol. */
export function explainNoKafkaAnswer(
  error: unknown,
  step: TConnectionTestStepName,
  timeoutMs: number,
  over: 'TCP' | 'TLS',
): ServerFailure {
  const afterTls = over === 'TLS' ? ' after the TLS handshake' : '';
  if (error instanceof NoKafkaAnswer && error.kind === 'timeout') {
    return {
      step,
      reason: `accepted the connection${afterTls}, but did not answer a Kafka request within ${seconds(timeoutMs)} s`,
      hint: 'Check that this port is a Kafka listener and that the broker is not stuck; a proxy or load balancer in between may be holding the connection.',
      errorCode: 'ETIMEDOUT',
    };
  }
  if (error instanceof NoKafkaAnswer && error.kind === 'not-kafka') {
    return {
      step,
      reason: `answered a Kafka request${afterTls} with something else: it is not a Kafka listener`,
      hint: "Check the port: it should be one of the brokers' Kafka listeners.",
      errorCode: error.code,
    };
  }
  const code = errorCodeOf(error) ?? 'ECONNRESET';
  return {
    step,
    reason: `closed the connection on a Kafka request${afterTls} (${code}): it does not look like a Kafka listener`,
    hint: "Check the port: it should be one of the brokers' Kafka listeners.",
    errorCode: code,
  };
}
