import type { TConnectionTestStepName, TKafkaDestination } from '@tributary/core';
import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { buildKafkaConfig } from '../kafka-config.ts';
import { explainConnectError } from './explain-error.ts';
import { notTried, type BootstrapServer } from './server-outcome.ts';
import { StepFailure, type StepLog } from './step-log.ts';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { Kafka, logLevel } = kafkajs;

export interface KafkaConnection {
  kafka: KafkaClient;
  admin: Admin;
  server: BootstrapServer;
}

/**
 * Connects a Kafka client (SASL included) through the first server that lets it, trying the
 * servers in the order given: kafkajs with retries off tries only one seed broker, so a dead
 * first entry would fail a test that a job (which retries through the list) passes. A refusal
 * that any broker of the cluster would give (wrong password) ends the test at once; a broker's
 * own failure (closed, silent) moves on to the next, within `budgetMs` in all.
 */
export async function connectThroughServers(
  servers: BootstrapServer[],
  destination: TKafkaDestination,
  limits: { timeoutMs: number; budgetMs: number },
  log: StepLog,
  kafkaStep: TConnectionTestStepName,
): Promise<KafkaConnection> {
  const deadline = performance.now() + limits.budgetMs;
  for (const server of servers) {
    if (performance.now() >= deadline) {
      log.dropServer(server, notTried(kafkaStep, limits.budgetMs));
      continue;
    }
    const kafka = new Kafka({
      ...buildKafkaConfig(
        { ...destination, bootstrapServers: server.label },
        {
          clientId: 'tributary-connection-test',
          retries: 0,
          connectionTimeoutMs: limits.timeoutMs,
          requestTimeoutMs: limits.timeoutMs,
        },
      ),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      // A broker that rejects an OAUTHBEARER token says so only at the first request after the handshake.
      await admin.listTopics();
      return { kafka, admin, server };
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      const explained = explainConnectError(error, destination, {
        host: server.address.host,
        timeoutMs: limits.timeoutMs,
      });
      if (explained.serverReason === undefined) {
        throw new StepFailure(explained.step, explained.message, explained.hint, {
          detail: explained.detail,
          ...(explained.errorCode && { errorCode: explained.errorCode }),
        });
      }
      log.dropServer(server, {
        step: explained.step,
        reason: explained.serverReason,
        hint: explained.hint,
        ...(explained.errorCode && { errorCode: explained.errorCode }),
      });
    }
  }
  throw log.allServersFailed();
}
