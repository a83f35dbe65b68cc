import type { TKafkaDestination } from '@tributary/core';
import type { Kafka } from 'kafkajs';
import { principalOf } from './explain-error.ts';
import { StepFailure } from './step-log.ts';
import { fetchTopicAuthorizedOperations } from './topic-authorized-operations.ts';

const TOPIC_AUTHORIZATION_FAILED = 29;
const UNKNOWN_TOPIC_OR_PARTITION = 3;

/** Whether the principal may write to the topic, asked of the broker without writing anything. */
export async function checkWritePermission(
  kafka: Kafka,
  destination: TKafkaDestination,
): Promise<{ detail: string; status: 'passed' | 'warning'; warning?: string }> {
  const answer = await fetchTopicAuthorizedOperations(kafka, destination.topic);
  const who = principalOf(destination.sasl) ?? 'this client';
  const askForWrite = `Ask the cluster admin for a WRITE ACL on topic ${destination.topic} for ${who}.`;
  if (answer.errorCode === TOPIC_AUTHORIZATION_FAILED || answer.errorCode === UNKNOWN_TOPIC_OR_PARTITION) {
    throw new StepFailure('write-permission', `${who} may not use topic ${destination.topic}.`, askForWrite, {
      errorCode: 'TOPIC_AUTHORIZATION_FAILED',
    });
  }
  if (!answer.operations) {
    return {
      detail: 'the broker does not report authorized operations',
      status: 'warning',
      warning: 'The broker cannot report topic permissions; a write may still be refused.',
    };
  }
  const allowed = answer.operations.join(', ') || 'nothing';
  if (!answer.operations.includes('WRITE')) {
    throw new StepFailure(
      'write-permission',
      `${who} may not write to topic ${destination.topic} (allowed: ${allowed}).`,
      askForWrite,
      { detail: `authorized operations: ${allowed}`, errorCode: 'TOPIC_AUTHORIZATION_FAILED' },
    );
  }
  return { detail: `authorized operations: ${allowed}`, status: 'passed' };
}
