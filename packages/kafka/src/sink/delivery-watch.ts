import kafkajs, { type LogEntry, type logCreator } from 'kafkajs';
import { UnacknowledgedPartitionsError } from './acknowledgement-guard.ts';
import {
  describeCause,
  problemOfError,
  problemOfText,
  type DeliveryCause,
  type DeliveryProblem,
} from './delivery-causes.ts';

const { logLevel } = kafkajs;

export interface DeliveryWatchOptions {
  /** Told in plain words while a batch waits on Kafka: each retry with its cause, and a batch still waiting. */
  onNotice?: (message: string) => void;
  /** Called on every produce request kafkajs retries (for a metric). */
  onRetry?: () => void;
  /** The producer's retries, to say which retry comes next. */
  retries: number;
  /** A batch unacknowledged this long is reported, and again as often while nothing else was said. */
  slowNoticeMs?: number;
}

/** Kafka did not acknowledge a batch through every retry; the message names what stood in the way. */
export class KafkaDeliveryError extends Error {
  override name = 'KafkaDeliveryError';
  constructor(
    message: string,
    readonly causes: DeliveryCause[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const RETRY_PREFIX =
  /^(Failed to send messages|Failed to connect to seed broker, trying another broker from the list): /;

/** What one send met on its way: problems by cause, brokers found unreachable, the latest problem. */
class SendRecord {
  readonly startedAt = Date.now();
  lastNoticeAt = Date.now();
  lastNotice: string | undefined;
  /** The highest retry kafkajs reported (sending, or reconnecting to the cluster). */
  retries = 0;
  readonly counts = new Map<DeliveryCause, number>();
  readonly unreachable = new Set<string>();
  latest: DeliveryProblem | undefined;

  constructor(readonly messageCount: number) {}

  note(problem: DeliveryProblem): void {
    this.latest = problem;
    if (!problem.cause) return;
    this.counts.set(problem.cause, (this.counts.get(problem.cause) ?? 0) + 1);
    if (problem.cause === 'BROKERS_UNREACHABLE' && problem.broker) this.unreachable.add(problem.broker);
  }

  describe(problem: DeliveryProblem | undefined): string | undefined {
    if (!problem) return undefined;
    return problem.cause ? describeCause(problem.cause, [...this.unreachable]) : problem.text;
  }

  /** Every cause met, the most frequent first. */
  causes(): DeliveryCause[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([cause]) => cause);
  }
}

/**
 * Watches a producer through its kafkajs log (the only place kafkajs reports a failed attempt
 * before it retries) so a job can say why it waits, and a send that finally fails names every
 * cause it met instead of only the last error. One send at a time: the sink awaits each.
 */
export function createDeliveryWatch(options: DeliveryWatchOptions) {
  const slowNoticeMs = options.slowNoticeMs ?? 10_000;
  let current: SendRecord | undefined;

  const notify = (record: SendRecord, message: string) => {
    record.lastNoticeAt = Date.now();
    options.onNotice?.(message);
  };

  const observe = (entry: LogEntry) => {
    const record = current;
    if (!record || entry.level > logLevel.WARN) return;
    const { message, broker, error, retryCount, retryTime } = entry.log as LogEntry['log'] & {
      broker?: string;
      error?: string;
      retryCount?: number;
      retryTime?: number;
    };
    if (entry.namespace === 'Connection') {
      // Connection errors name the broker; a failed response names its error in `error`.
      record.note({ ...problemOfText(error ?? message), ...(broker && { broker }) });
      return;
    }
    // A failed send (Producer) or reconnect (BrokerPool) is logged with the retry that follows.
    if (typeof retryCount !== 'number') return;
    if (entry.namespace === 'Producer') options.onRetry?.();
    const text = message.replace(RETRY_PREFIX, '');
    record.retries = Math.max(record.retries, retryCount);
    const problem = problemOfText(text);
    const description = record.describe(problem);
    const isNews = description !== record.lastNotice || Date.now() - record.lastNoticeAt >= slowNoticeMs;
    record.note(problem);
    // Retries come fast at first: one line per change of cause, or per period, is enough to read.
    if (!isNews) return;
    record.lastNotice = description;
    const next =
      retryCount < options.retries
        ? `retry ${retryCount + 1} of ${options.retries} in ${seconds(retryTime ?? 0)}`
        : 'no retries left';
    notify(
      record,
      `Kafka has not acknowledged a batch of ${record.messageCount} messages after ${seconds(Date.now() - record.startedAt)}: ${description}; ${next}`,
    );
  };

  const logCreator: logCreator = () => observe;

  /**
   * The error a failed send ends with: one whose cause is Kafka's availability (kafkajs gives up
   * with its last error only, sometimes before its retries are spent) becomes a reason naming
   * every cause met; any other (authorization, a message too large...) passes unchanged.
   */
  const failureOf = (record: SendRecord, error: unknown): unknown => {
    if (error instanceof UnacknowledgedPartitionsError) return error;
    const last = problemOfError(error);
    if (!last.cause) return error;
    record.note(last);
    const causes = record.causes();
    const reasons = causes.map((cause) => describeCause(cause, [...record.unreachable])).join('; ');
    return new KafkaDeliveryError(
      `Kafka did not acknowledge a batch of ${record.messageCount} messages (${record.retries} retries in ${seconds(Date.now() - record.startedAt)}): ${reasons}. Last error: ${last.text}`,
      causes,
      { cause: error },
    );
  };

  return {
    /** For `new Kafka({ logCreator })`, with `logLevel: WARN` so retries are seen and debug chatter is not. */
    logCreator,

    /** Runs one send, reporting while it waits and explaining why, should it fail. */
    async watch<T>(messageCount: number, send: () => Promise<T>): Promise<T> {
      const record = new SendRecord(messageCount);
      current = record;
      const timer = setInterval(
        () => {
          if (Date.now() - record.lastNoticeAt < slowNoticeMs) return;
          const latest = record.describe(record.latest);
          notify(
            record,
            `Still waiting for Kafka to acknowledge a batch of ${messageCount} messages (${seconds(Date.now() - record.startedAt)})${latest ? `; last problem: ${latest}` : '; waiting on partition leaders and their in-sync replicas'}`,
          );
        },
        Math.min(slowNoticeMs, 1_000),
      );
      timer.unref();
      try {
        return await send();
      } catch (error) {
        throw failureOf(record, error);
      } finally {
        clearInterval(timer);
        if (current === record) current = undefined;
      }
    },

    /** A connection that never came up: unreachable brokers are named as such. */
    explainConnectFailure(error: unknown): unknown {
      const problem = problemOfError(error);
      if (problem.cause !== 'BROKERS_UNREACHABLE' && problem.cause !== 'TIMED_OUT') return error;
      const brokers = problem.broker ? [problem.broker] : [];
      return new KafkaDeliveryError(
        `Could not connect to Kafka: ${describeCause(problem.cause, brokers)}. Last error: ${problem.text}`,
        [problem.cause],
        { cause: error },
      );
    },
  };
}

export type DeliveryWatch = ReturnType<typeof createDeliveryWatch>;
