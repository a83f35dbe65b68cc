import type { TKafkaDestination } from '@tributary/core';
import type { Kafka } from 'kafkajs';
import { principalOf } from './explain-error.ts';
import { StepFailure } from './step-log.ts';
import { fetchTopicAuthorizedOperations, type TopicAuthorizedOperations } from './topic-authorized-operations.ts';

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

/** Whether the principal may write to the topic, asked of the broker without writing anything. */
export async function checkWritePermission(
  kafka: Kafka,
  destination: TKafkaDestination,
): Promise<{ detail: string; status: 'passed' | 'warning'; warning?: string }> {
  const answer = await fetchTopicAuthorizedOperations(kafka, destination.topic);
  const denied = explainWriteDenied(destination, answer);
  if (denied) {
    throw new StepFailure('write-permission', denied.message, denied.hint, {
      ...(denied.detail && { detail: denied.detail }),
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
  return { detail: `authorized operations: ${answer.operations.join(', ')}`, status: 'passed' };
}
