import { randomUUID } from 'node:crypto';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type ITopicConfig,
} from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { kafkaAdmin, startJob, uploadFile, waitForJob } from './job-test-helpers.ts';

const testEnv = inject('testEnv');
const { listeners, users } = testEnv.kafka;
const kafka = kafkaAdmin(listeners.plaintext);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(testEnv);
});
afterAll(() => server?.stop());

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const idMapping = { rows: [{ sourceColumn: 'id', targetColumn: 'id' }], keyColumn: 'id' };

async function adminWork<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({ brokers: [listeners.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

async function createTopic(topic: string, options: Omit<ITopicConfig, 'topic'> = {}) {
  await adminWork((admin) => admin.createTopics({ topics: [{ topic, ...options }], waitForLeaders: true }));
}

/** Any ACL on a topic ends "allow everyone if no ACL found" for it: `limited` then has only these operations. */
async function allowLimited(topic: string, operations: number[]) {
  await adminWork((admin) =>
    admin.createAcls({
      acl: operations.map((operation) => ({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: topic,
        resourcePatternType: ResourcePatternTypes.LITERAL,
        principal: `User:${users.limited.username}`,
        host: '*',
        operation,
        permissionType: AclPermissionTypes.ALLOW,
      })),
    }),
  );
}

async function startCsvJob(destination: Record<string, unknown>, csv: string, jobSettings: object = {}) {
  const file = await uploadFile(server, 'rows.csv', csv);
  const created = await server.inject({
    method: 'POST',
    url: '/api/syncs',
    payload: {
      name: unique('sync'),
      destination: { type: 'kafka-topic', ...destination },
      source: { type: 'delimited-file', fileId: file.fileId },
      columnMapping: idMapping,
      jobSettings,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const syncId = (created.json() as { id: string }).id;
  return { syncId, jobId: await startJob(server, syncId) };
}

async function testConnection(syncId: string) {
  const response = await server.inject({ method: 'POST', url: '/api/connections/test', payload: { syncId } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { isSuccessful: boolean; message: string; hint?: string };
}

async function logMessages(jobId: string): Promise<string[]> {
  const logs = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/logs` });
  return (logs.json() as { entries: Array<{ message: string }> }).entries.map((entry) => entry.message);
}

const rowsCsv = (count: number) => ['id', ...Array.from({ length: count }, (_, i) => String(i + 1))].join('\n');

describe('a destination no retry can fix fails the job at once, explained as Test Connection explains it', () => {
  // pg-boss's first retry alone comes 5 s after a failed attempt; the producer's own retries take a minute.
  const FAST_SECONDS = 15;

  async function expectFailedLikeTestConnection(syncId: string, jobId: string, secret?: string) {
    const started = Date.now();
    const job = await waitForJob(server, jobId, undefined, FAST_SECONDS);
    expect(Date.now() - started).toBeLessThan(FAST_SECONDS * 1000);
    const test = await testConnection(syncId);
    expect(test.isSuccessful).toBe(false);
    expect(job).toMatchObject({ status: 'FAILED', rowsProduced: 0, errorMessage: `${test.message} ${test.hint}` });
    const messages = await logMessages(jobId);
    expect(messages.filter((message) => /^Attempt \d+ failed/.test(message))).toEqual([]);
    expect(messages).toContain(`Failed: ${test.message} ${test.hint}`);
    if (secret) expect(JSON.stringify({ job, messages })).not.toContain(secret);
    return job;
  }

  it('a wrong SCRAM password', async () => {
    const topic = unique('auth');
    await createTopic(topic);
    const { syncId, jobId } = await startCsvJob(
      {
        bootstrapServers: listeners.saslPlaintext,
        topic,
        sasl: { mechanism: 'SCRAM-SHA-512', username: users.scram512.username, password: 'not-the-password' },
      },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId, 'not-the-password');
    expect(job.errorMessage).toBe(
      'SASL authentication failed: the broker rejected the username or password for SCRAM-SHA-512. Check the credentials, and that the user exists for this mechanism on the cluster.',
    );
  });

  it('a SASL mechanism the listener does not offer', async () => {
    const topic = unique('mechanism');
    await createTopic(topic);
    const { syncId, jobId } = await startCsvJob(
      { bootstrapServers: listeners.oidc, topic, sasl: { mechanism: 'PLAIN', ...users.plain } },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId, users.plain.password);
    expect(job.errorMessage).toMatch(/^SASL authentication failed: this listener does not offer PLAIN\./);
  });

  it('an OIDC client secret the token endpoint rejects', async () => {
    const topic = unique('oidc-secret');
    await createTopic(topic);
    const { oidc } = testEnv.kafka;
    const { syncId, jobId } = await startCsvJob(
      {
        bootstrapServers: listeners.oidc,
        topic,
        sasl: {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: oidc.tokenEndpoint,
          clientId: oidc.clientId,
          clientSecret: 'not-the-secret',
        },
      },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId, 'not-the-secret');
    expect(job.errorMessage).toMatch(/^OAUTHBEARER \(OIDC\): no token from the token endpoint\./);
  });

  it('an unsecured OAUTHBEARER token on a listener that validates signed ones', async () => {
    const topic = unique('oauth-unsecured');
    await createTopic(topic);
    const { syncId, jobId } = await startCsvJob(
      { bootstrapServers: listeners.oidc, topic, sasl: { mechanism: 'OAUTHBEARER', principal: 'svc' } },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId);
    expect(job.errorMessage).toMatch(/^SASL authentication failed: the broker rejected the OAUTHBEARER token\./);
  });

  it('a user without WRITE on the topic', async () => {
    const topic = unique('no-write');
    await createTopic(topic);
    await allowLimited(topic, [AclOperationTypes.DESCRIBE]);
    const { syncId, jobId } = await startCsvJob(
      { bootstrapServers: listeners.saslPlaintext, topic, sasl: { mechanism: 'SCRAM-SHA-512', ...users.limited } },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId, users.limited.password);
    expect(job.errorMessage).toBe(
      `limited may not write to topic ${topic} (allowed: DESCRIBE). Ask the cluster admin for a WRITE ACL on topic ${topic} for limited.`,
    );
    expect(await kafka.readTopic(topic)).toEqual([]);
  });

  it('a broker certificate signed by a CA this server does not trust', async () => {
    const topic = unique('tls');
    await createTopic(topic);
    const { syncId, jobId } = await startCsvJob(
      { bootstrapServers: listeners.ssl, topic, ssl: { isEnabled: true }, sasl: { mechanism: 'NONE' } },
      rowsCsv(3),
    );
    const job = await expectFailedLikeTestConnection(syncId, jobId);
    expect(job.errorMessage).toMatch(
      /^Bootstrap server 127\.0\.0\.1:\d+ presented a certificate not signed by a CA this server trusts \(\w+\)\./,
    );
  });
});

describe('a row larger than the topic accepts is a row error; the other rows are produced', () => {
  const LIMIT = 2_000;
  /** Rows of ids 1…count, with `big` a value of `bigSize` characters at the given ids. */
  const csvWithBigRows = (count: number, bigIds: number[], bigSize: number) =>
    [
      'id,filler',
      ...Array.from({ length: count }, (_, i) => `${i + 1},${bigIds.includes(i + 1) ? 'x'.repeat(bigSize) : 'small'}`),
    ].join('\n');
  const fillerMapping = {
    rows: [
      { sourceColumn: 'id', targetColumn: 'id' },
      { sourceColumn: 'filler', targetColumn: 'filler' },
    ],
    keyColumn: 'id',
  };

  async function startFillerJob(destination: Record<string, unknown>, csv: string, jobSettings: object = {}) {
    const file = await uploadFile(server, 'big.csv', csv);
    const created = await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: unique('sync'),
        destination: { type: 'kafka-topic', ...destination },
        source: { type: 'delimited-file', fileId: file.fileId },
        columnMapping: fillerMapping,
        jobSettings,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return startJob(server, (created.json() as { id: string }).id);
  }

  async function errorsOf(jobId: string) {
    const response = await server.inject({ method: 'GET', url: `/api/jobs/${jobId}/errors` });
    return response.json() as { total: number; errors: Array<{ rowNumber: number; reason: string }> };
  }

  const keysOf = async (topic: string) =>
    (await kafka.readTopic(topic)).map((message) => Number(message.key)).sort((a, b) => a - b);
  const idsExcept = (count: number, skipped: number[]) =>
    Array.from({ length: count }, (_, i) => i + 1).filter((id) => !skipped.includes(id));

  it('names the message size and the limit (max.message.bytes) read from the topic', { timeout: 90_000 }, async () => {
    const topic = unique('small-messages');
    await createTopic(topic, {
      numPartitions: 3,
      configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }],
    });
    const jobId = await startFillerJob(
      { bootstrapServers: listeners.plaintext, topic, sasl: { mechanism: 'NONE' } },
      csvWithBigRows(40, [17], 5_000),
      { batchSize: 25 },
    );
    const job = await waitForJob(server, jobId, undefined, 60);
    expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 40, rowsProduced: 39, rowsFailed: 1 });
    expect(await keysOf(topic)).toEqual(idsExcept(40, [17]));
    const value = JSON.stringify({ id: '17', filler: 'x'.repeat(5_000) });
    // One record alone in a batch: 61 bytes of batch header, then the record (9 bytes of framing at this size).
    const size = 61 + 9 + '17'.length + Buffer.byteLength(value);
    expect(await errorsOf(jobId)).toEqual({
      total: 1,
      errors: [
        {
          rowNumber: 18,
          sourceValues: { id: '17', filler: 'x'.repeat(5_000) },
          reason: `the message is ${size.toLocaleString('en-US')} bytes; topic ${topic} accepts at most 2,000 (max.message.bytes)`,
        },
      ],
    });
  });

  it(
    'produces a batch whose rows fit one by one but not all together in one request',
    { timeout: 90_000 },
    async () => {
      const topic = unique('small-batches');
      await createTopic(topic, {
        numPartitions: 1,
        configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }],
      });
      // 200 rows of about 120 bytes each go to one partition: 24 kB in one batch, twelve times the limit.
      const jobId = await startFillerJob(
        { bootstrapServers: listeners.plaintext, topic, sasl: { mechanism: 'NONE' } },
        csvWithBigRows(
          200,
          Array.from({ length: 200 }, (_, i) => i + 1),
          90,
        ),
        { batchSize: 200 },
      );
      const job = await waitForJob(server, jobId, undefined, 60);
      expect(job).toMatchObject({ status: 'SUCCEEDED', rowsProduced: 200, rowsFailed: 0 });
      expect(await keysOf(topic)).toEqual(idsExcept(200, []));
    },
  );

  it('isolates a refused row when the user may not read the topic limit', { timeout: 90_000 }, async () => {
    const topic = unique('hidden-limit');
    await createTopic(topic, {
      numPartitions: 1,
      configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }],
    });
    // WRITE and DESCRIBE, but not DESCRIBE_CONFIGS: the limit is unknown until the broker refuses a row.
    await allowLimited(topic, [AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE]);
    const jobId = await startFillerJob(
      { bootstrapServers: listeners.saslPlaintext, topic, sasl: { mechanism: 'SCRAM-SHA-512', ...users.limited } },
      csvWithBigRows(30, [5, 22], 3_000),
      { batchSize: 30 },
    );
    const job = await waitForJob(server, jobId, undefined, 60);
    expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRead: 30, rowsProduced: 28, rowsFailed: 2 });
    expect(await keysOf(topic)).toEqual(idsExcept(30, [5, 22]));
    const { errors } = await errorsOf(jobId);
    expect(errors.map((error) => error.rowNumber)).toEqual([6, 23]);
    for (const error of errors) {
      expect(error.reason).toMatch(
        new RegExp(
          `^the message is 3,0\\d\\d bytes; topic ${topic} refused it as larger than it accepts \\(MESSAGE_TOO_LARGE\\)$`,
        ),
      );
    }
  });
});
