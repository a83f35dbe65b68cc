import protocolError from 'kafkajs/src/protocol/error.js';
import { errorChain } from '../diagnose/explain-error.ts';
import { UnacknowledgedPartitionsError } from './acknowledgement-guard.ts';

/** Why Kafka did not take a batch, in the terms an operator acts on. */
export type DeliveryCause =
  'NOT_ENOUGH_REPLICAS' | 'BROKERS_UNREACHABLE' | 'LEADER_UNAVAILABLE' | 'TIMED_OUT' | 'PARTITIONS_UNACKNOWLEDGED';

/** One problem the producer met: its cause (when known), kafkajs's own words, and the broker. */
export interface DeliveryProblem {
  cause: DeliveryCause | undefined;
  text: string;
  broker?: string;
}

const CAUSE_OF_PROTOCOL_ERROR: Record<string, DeliveryCause> = {
  NOT_ENOUGH_REPLICAS: 'NOT_ENOUGH_REPLICAS',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'NOT_ENOUGH_REPLICAS',
  LEADER_NOT_AVAILABLE: 'LEADER_UNAVAILABLE',
  NOT_LEADER_FOR_PARTITION: 'LEADER_UNAVAILABLE',
  FENCED_LEADER_EPOCH: 'LEADER_UNAVAILABLE',
  UNKNOWN_LEADER_EPOCH: 'LEADER_UNAVAILABLE',
  PREFERRED_LEADER_NOT_AVAILABLE: 'LEADER_UNAVAILABLE',
  REPLICA_NOT_AVAILABLE: 'LEADER_UNAVAILABLE',
  BROKER_NOT_AVAILABLE: 'BROKERS_UNREACHABLE',
  NETWORK_EXCEPTION: 'BROKERS_UNREACHABLE',
  REQUEST_TIMED_OUT: 'TIMED_OUT',
};

const CAUSE_OF_ERROR_NAME: Record<string, DeliveryCause> = {
  KafkaJSConnectionError: 'BROKERS_UNREACHABLE',
  KafkaJSConnectionClosedError: 'BROKERS_UNREACHABLE',
  KafkaJSBrokerNotFound: 'LEADER_UNAVAILABLE',
  KafkaJSMetadataNotLoaded: 'LEADER_UNAVAILABLE',
  KafkaJSRequestTimeoutError: 'TIMED_OUT',
};

// kafkajs logs a failed attempt as text only; its protocol errors' texts are fixed, so they map back.
const PROTOCOL_TYPE_OF_TEXT = new Map(protocolError.errorCodes.map((entry) => [entry.message, entry.type]));
const CAUSE_OF_TEXT: Array<[RegExp, DeliveryCause]> = [
  [/^(Connection error|Connection timeout|Closed connection)\b/, 'BROKERS_UNREACHABLE'],
  [/^Request .* timed out$/, 'TIMED_OUT'],
  [
    /^(Producing to topic without metadata|No leader known for partitions|Invalid partition metadata)/,
    'LEADER_UNAVAILABLE',
  ],
];

/** The cause of a kafkajs error message as kafkajs logs it. */
export function causeOfText(text: string): DeliveryCause | undefined {
  const protocolType = PROTOCOL_TYPE_OF_TEXT.get(text);
  if (protocolType) return CAUSE_OF_PROTOCOL_ERROR[protocolType];
  return CAUSE_OF_TEXT.find(([pattern]) => pattern.test(text))?.[1];
}

/** A problem from kafkajs's words alone; a refused or timed-out connection names its broker. */
export function problemOfText(text: string): DeliveryProblem {
  const broker = /^Connection error: connect E[A-Z]+ (\S+:\d+)$/.exec(text)?.[1];
  return { cause: causeOfText(text), text, ...(broker && { broker }) };
}

/** The cause of a (wrapped) kafkajs error, innermost first, with the broker it names. */
export function problemOfError(error: unknown): DeliveryProblem {
  const chain = errorChain(error).reverse();
  const innermost = chain[0] ?? {};
  for (const item of chain) {
    const cause =
      item instanceof UnacknowledgedPartitionsError
        ? 'PARTITIONS_UNACKNOWLEDGED'
        : ((item.type && CAUSE_OF_PROTOCOL_ERROR[item.type]) ??
          (item.name && CAUSE_OF_ERROR_NAME[item.name]) ??
          causeOfText(item.message ?? ''));
    if (cause) return { ...problemOfText(item.message ?? String(item)), cause, ...brokerOf(item) };
  }
  return { cause: undefined, text: innermost.message ?? String(error) };
}

function brokerOf(item: object): { broker?: string } {
  const { broker, host, port } = item as { broker?: unknown; host?: unknown; port?: unknown };
  if (typeof broker === 'string') return { broker };
  if (typeof host === 'string' && typeof port === 'number') return { broker: `${host}:${port}` };
  return {};
}

/** How a cause reads in a job's log and its final reason. */
export function describeCause(cause: DeliveryCause, brokers: readonly string[] = []): string {
  switch (cause) {
    case 'NOT_ENOUGH_REPLICAS':
      return "not enough in-sync replicas (fewer than the topic's min.insync.replicas: brokers holding its replicas are down or lagging)";
    case 'BROKERS_UNREACHABLE':
      return brokers.length > 0 ? `brokers unreachable (${brokers.join(', ')})` : 'brokers unreachable';
    case 'LEADER_UNAVAILABLE':
      return 'partitions without a leader (leadership moving between brokers)';
    case 'TIMED_OUT':
      return 'brokers did not answer within the request timeout';
    case 'PARTITIONS_UNACKNOWLEDGED':
      return 'partitions left unacknowledged by the producer';
  }
}
