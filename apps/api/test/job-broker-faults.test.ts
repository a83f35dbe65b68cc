import { randomUUID } from 'node:crypto';
import { databaseConnectionFromUrl, type TJobDetail } from '@tributary/core';
import { startLocalKafkaCluster, type ClusterBroker, type LocalKafkaCluster } from '@tributary/kafka-local';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { getJob, kafkaAdmin, plainDestination, startJob, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const PARTITIONS = 6;
// Each acks=all batch waits up to this long for its replicas (see startLocalKafkaCluster), so a
// job's length hardly depends on the machine: about 0.15 s per batch.
const REPLICATION_WAIT_MS = 200;
const BATCH_SIZE = 250;
const ROWS = 20_000;
// A rolling restart waits for three broker starts (10–25 s each on a busy 2-core machine): its
// job has more, smaller batches (600, at least 80 s).
const ROLLING_ROWS = 60_000;
const ROLLING_BATCH_SIZE = 100;

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const sourceTable = `broker_faults_${randomUUID().slice(0, 8)}`;

async function sourceDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/*
 * A job from a PostgreSQL table into a topic of 6 partitions replicated on all three brokers with
 * min.insync.replicas=2 while brokers fail: each ends with the topic consumed back and every key
 * counted. Before the kafkajs patch and the sink's guard, every leader change lost the in-flight
 * batch's messages on the moved partitions while the job said SUCCEEDED.
 */
describe('a job while brokers of a three-broker cluster fail', () => {
  let cluster: LocalKafkaCluster;
  let server: TestServer;

  beforeAll(async () => {
    [cluster] = await Promise.all([
      startLocalKafkaCluster({ brokers: 3, replicationWaitMs: REPLICATION_WAIT_MS }),
      sourceDb((client) =>
        client.query(`create table ${sourceTable} (id int primary key, name text not null);
          insert into ${sourceTable} select i, 'row ' || i from generate_series(1, ${ROLLING_ROWS}) as i`),
      ),
    ]);
    server = await startTestServer(testEnv);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
    await sourceDb((client) => client.query(`drop table if exists ${sourceTable}`));
  });
  // Each test starts with every broker up, whatever the last one left behind.
  afterEach(async () => {
    for (const broker of cluster.brokers) if (!broker.isRunning()) await broker.start();
  }, 120_000);

  /** A sync from the first `rows` rows of the source table to a new topic; `start` queues its job. */
  async function faultSync({ target = server, rows = ROWS, batchSize = BATCH_SIZE } = {}) {
    const topic = unique('broker-faults');
    const leaders = await cluster.createTopic(topic, { partitions: PARTITIONS, minInSyncReplicas: 2 });
    const response = await target.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: unique('broker-faults'),
        destination: plainDestination(cluster.bootstrapServers, topic),
        source: {
          type: 'postgresql',
          ...databaseConnectionFromUrl(testEnv.databaseUrl),
          query: `select id, name from ${sourceTable} where id <= ${rows} order by id`,
        },
        columnMapping: {
          rows: [
            { sourceColumn: 'id', targetColumn: 'id' },
            { sourceColumn: 'name', targetColumn: 'name' },
          ],
          keyColumn: 'id',
        },
        jobSettings: { batchSize },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const syncId = (response.json() as { id: string }).id;
    return { topic, leaders, start: () => startJob(target, syncId) };
  }

  async function startFaultJob(settings: { rows?: number; batchSize?: number } = {}) {
    const { start, ...sync } = await faultSync(settings);
    return { ...sync, jobId: await start() };
  }

  /** Waits until the job has produced a tenth of `rows`, and checks it is still running: the fault lands mid-job. */
  async function whenUnderWay(jobId: string, rows = ROWS): Promise<TJobDetail> {
    const job = await waitForJob(server, jobId, (candidate) => candidate.rowsProduced >= rows / 10, 180);
    expect(job.status).toBe('RUNNING');
    expect(job.rowsProduced).toBeLessThan(rows);
    return job;
  }

  async function jobLog(target: TestServer, jobId: string): Promise<string[]> {
    const logs = await target.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
    return (logs.json() as { entries: Array<{ message: string }> }).entries.map((entry) => entry.message);
  }

  /** Every id 1..rows in the topic, values intact; duplicates counted, not hidden. */
  async function countTopic(topic: string, rows = ROWS) {
    // The consumer group's offsets topic wants all three brokers: bring back any the test left down.
    for (const broker of cluster.brokers) if (!broker.isRunning()) await broker.start();
    const received = await kafkaAdmin(cluster.brokers[0]!.address).readTopic(topic);
    const keys = new Set(received.map((message) => message.key));
    const missing = Array.from({ length: rows }, (_, i) => String(i + 1)).filter((key) => !keys.has(key));
    for (const message of received.slice(0, 500))
      expect(JSON.parse(message.value)).toEqual({ id: Number(message.key), name: `row ${message.key}` });
    return { missing: missing.length, duplicated: received.length - keys.size };
  }

  const leaderOf = (leaders: Map<number, number>, partition: number): ClusterBroker =>
    cluster.brokers.find((broker) => broker.nodeId === leaders.get(partition))!;

  it('loses nothing when a partition leader is killed mid-job', { timeout: 300_000 }, async () => {
    const { topic, leaders, jobId } = await startFaultJob();
    await whenUnderWay(jobId);
    await leaderOf(leaders, 0).kill();

    const job = await waitForJob(server, jobId, undefined, 240);
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsProduced: ROWS, rowsFailed: 0 });
    const counts = await countTopic(topic);
    expect(counts.missing).toBe(0);
    expect(counts.duplicated).toBeLessThanOrEqual(BATCH_SIZE);
    expect(await jobLog(server, jobId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Kafka has not acknowledged a batch of \d+ messages after /)]),
    );
  });

  it('loses nothing through a rolling restart of every broker mid-job', { timeout: 300_000 }, async () => {
    const { topic, jobId } = await startFaultJob({ rows: ROLLING_ROWS, batchSize: ROLLING_BATCH_SIZE });
    await whenUnderWay(jobId, ROLLING_ROWS);
    for (const broker of cluster.brokers) {
      expect((await getJob(server, jobId)).status).toBe('RUNNING');
      await broker.stop();
      await broker.start();
      await cluster.waitUntilInSync(topic);
    }

    const job = await waitForJob(server, jobId, undefined, 240);
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsProduced: ROLLING_ROWS, rowsFailed: 0 });
    const counts = await countTopic(topic, ROLLING_ROWS);
    expect(counts.missing).toBe(0);
    expect(counts.duplicated).toBeLessThanOrEqual(cluster.brokers.length * ROLLING_BATCH_SIZE);
  });

  it(
    'waits, saying why, while two of three brokers are away (below min.insync.replicas), then loses nothing',
    { timeout: 300_000 },
    async () => {
      const { topic, jobId } = await startFaultJob();
      const before = await whenUnderWay(jobId);
      const [, second, third] = cluster.brokers;
      await Promise.all([second!.kill(), third!.kill()]);

      // The job log says why the counters stand still, while they do.
      const deadline = Date.now() + 60_000;
      let log: string[] = [];
      while (!log.some((line) => line.includes('not enough in-sync replicas')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        log = await jobLog(server, jobId);
      }
      expect(log).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Kafka has not acknowledged a batch of \d+ messages after [\d.]+ s: not enough in-sync replicas \(.*\); retry \d+ of 8 in [\d.]+ s$/,
          ),
        ]),
      );
      const stalled = await getJob(server, jobId);
      expect(stalled.status).toBe('RUNNING');
      expect(stalled.rowsProduced).toBeLessThan(before.rowsProduced + 2 * BATCH_SIZE * PARTITIONS);

      await Promise.all([second!.start(), third!.start()]);
      const job = await waitForJob(server, jobId, undefined, 240);
      expect(job).toMatchObject({ status: 'SUCCEEDED', rowsProduced: ROWS, rowsFailed: 0 });
      const counts = await countTopic(topic);
      expect(counts.missing).toBe(0);
      expect(counts.duplicated).toBeLessThanOrEqual(BATCH_SIZE);
    },
  );

  it(
    'fails with "not enough in-sync replicas" when two brokers stay away through every retry',
    { timeout: 180_000 },
    async () => {
      const impatient = await startTestServer({
        ...testEnv,
        env: { TRIBUTARY_JOB_RETRIES: '0', TRIBUTARY_PRODUCER_RETRIES: '2' },
      });
      try {
        const { start } = await faultSync({ target: impatient });
        const [, second, third] = cluster.brokers;
        // A controlled shutdown takes them out of every in-sync replica set at once.
        await Promise.all([second!.stop(), third!.stop()]);
        const jobId = await start();
        const job = await waitForJob(impatient, jobId, undefined, 120);
        expect(job).toMatchObject({ status: 'FAILED', rowsProduced: 0 });
        expect(job.errorMessage).toMatch(
          /^Kafka did not acknowledge a batch of \d+ messages \(2 retries in [\d.]+ s\): not enough in-sync replicas \(.*\)\. Last error: Messages are rejected since there are fewer in-sync replicas than required$/,
        );
        expect(await jobLog(impatient, jobId)).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/: not enough in-sync replicas \(.*\); retry 1 of 2 in [\d.]+ s$/),
            `Failed: ${job.errorMessage}`,
          ]),
        );
      } finally {
        await impatient.stop();
      }
    },
  );
});
