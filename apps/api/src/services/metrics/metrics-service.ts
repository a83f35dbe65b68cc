import type { DbClient } from '@tributary/db';
import type { JobQueue } from '@tributary/worker';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { readDatabaseFigures, type DatabaseFigures } from './database-figures.ts';

export type MetricsService = ReturnType<typeof createMetricsService>;

export interface MetricsDeps {
  db: Pick<DbClient, '$queryRaw'>;
  queue: Pick<JobQueue, 'getQueues'>;
}

/** Job run times worth telling apart: seconds, a minute, a quarter hour, an hour, half a day. */
const JOB_DURATION_BUCKETS = [1, 5, 15, 60, 300, 900, 3_600, 14_400, 43_200] as const;
const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type MetricType = 'counter' | 'gauge' | 'histogram';
interface Snapshot {
  figures: DatabaseFigures;
  queues: Array<{ name: string; queuedCount: number; activeCount: number; deferredCount: number }>;
}

/**
 * Prometheus metrics. Figures about syncs and jobs are read from PostgreSQL when scraped, so any
 * process gives the same totals however many workers produced them; HTTP timings, producer
 * retries and errors, and process figures are this process's own.
 */
export function createMetricsService(deps: MetricsDeps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tributary_' });

  // One database read per scrape, shared by every metric below.
  let snapshot: Promise<Snapshot> | undefined;
  const readSnapshot = async (): Promise<Snapshot> => ({
    figures: await readDatabaseFigures(deps.db, JOB_DURATION_BUCKETS),
    queues: (await deps.queue.getQueues()).map((queue) => ({
      name: queue.name,
      queuedCount: queue.queuedCount,
      activeCount: queue.activeCount,
      deferredCount: queue.deferredCount,
    })),
  });

  const fromSnapshot = (
    name: string,
    help: string,
    type: MetricType,
    values: (snapshot: Snapshot) => MetricValue<string>[],
  ) => {
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
        return { name, help, type, aggregator: 'sum', values: values(await (snapshot ?? readSnapshot())) } as never;
      },
      reset() {},
    };
    registry.registerMetric(metric as never);
  };

  const bySync = (pick: (row: DatabaseFigures['rowsBySync'][number]) => number) => (s: Snapshot) =>
    s.figures.rowsBySync.map((row) => ({ labels: { sync_id: row.syncId, sync: row.sync }, value: pick(row) }));
  fromSnapshot(
    'tributary_sync_rows_read_total',
    'Source rows read by the jobs of each data sync',
    'counter',
    bySync((row) => row.read),
  );
  fromSnapshot(
    'tributary_sync_rows_produced_total',
    'Messages Kafka acknowledged for the jobs of each data sync',
    'counter',
    bySync((row) => row.produced),
  );
  fromSnapshot(
    'tributary_sync_rows_failed_total',
    'Source rows of each data sync recorded as errors',
    'counter',
    bySync((row) => row.failed),
  );
  fromSnapshot('tributary_jobs', 'Jobs by status (finished ones are outcomes)', 'gauge', (s) =>
    s.figures.jobsByStatus.map((row) => ({ labels: { status: row.status }, value: row.count })),
  );
  fromSnapshot(
    'tributary_job_duration_seconds',
    'Run time of finished jobs (started to finished), by outcome',
    'histogram',
    (s) =>
      s.figures.jobDurations.flatMap((row) => [
        ...JOB_DURATION_BUCKETS.map((bound, index) => ({
          metricName: 'tributary_job_duration_seconds_bucket',
          labels: { status: row.status, le: String(bound) },
          value: row.buckets[index] ?? 0,
        })),
        {
          metricName: 'tributary_job_duration_seconds_bucket',
          labels: { status: row.status, le: '+Inf' },
          value: row.count,
        },
        { metricName: 'tributary_job_duration_seconds_sum', labels: { status: row.status }, value: row.sumSeconds },
        { metricName: 'tributary_job_duration_seconds_count', labels: { status: row.status }, value: row.count },
      ]),
  );
  fromSnapshot(
    'tributary_queue_jobs',
    'Jobs in each pg-boss queue by state (as of its last monitor pass)',
    'gauge',
    (s) =>
      s.queues.flatMap((queue) => [
        { labels: { queue: queue.name, state: 'queued' }, value: queue.queuedCount },
        { labels: { queue: queue.name, state: 'deferred' }, value: queue.deferredCount },
        { labels: { queue: queue.name, state: 'active' }, value: queue.activeCount },
      ]),
  );

  const httpDuration = new Histogram({
    name: 'tributary_http_request_duration_seconds',
    help: 'HTTP request durations by route (the route pattern, not the URL) and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const producerRetries = new Counter({
    name: 'tributary_producer_retries_total',
    help: 'Produce requests this process retried after a broker error, by data sync',
    labelNames: ['sync_id'] as const,
    registers: [registry],
  });
  const producerErrors = new Counter({
    name: 'tributary_producer_errors_total',
    help: 'Job attempts this process ended on a producer error, by data sync',
    labelNames: ['sync_id'] as const,
    registers: [registry],
  });

  // Scrapes run one after another, so each renders from its own snapshot.
  let previous: Promise<unknown> = Promise.resolve();
  const renderOnce = async (): Promise<string> => {
    snapshot = readSnapshot();
    try {
      await snapshot;
      return await registry.metrics();
    } finally {
      snapshot = undefined;
    }
  };

  return {
    contentType: registry.contentType,
    render(): Promise<string> {
      const next = previous.then(renderOnce, renderOnce);
      previous = next.catch(() => undefined);
      return next;
    },
    producerRetry: (syncId: string) => producerRetries.inc({ sync_id: syncId }),
    producerError: (syncId: string) => producerErrors.inc({ sync_id: syncId }),
    observeHttpRequest(method: string, route: string, statusCode: number, seconds: number) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
  };
}
