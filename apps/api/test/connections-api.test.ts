import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

const kafka = inject('testEnv').kafka;
let testApp: TestServer;
const topic = `connection-api-${Date.now()}`;
beforeAll(async () => {
  testApp = await startTestServer(inject('testEnv'));
  const admin = new Kafka({ brokers: [kafka.listeners.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
});
afterAll(() => testApp?.stop());

const test = (payload: object) => testApp.inject({ method: 'POST', url: '/api/connections/test', payload });

describe('Test Connection API', () => {
  it('answers Connection Successful and stores a log of every step', async () => {
    const response = await test({
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.plaintext,
        topic,
        sasl: { mechanism: 'NONE' },
      },
    });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({
      isSuccessful: true,
      cluster: { brokerCount: 1 },
      topic: { name: topic, partitions: 2 },
    });

    const log = await testApp.inject({ method: 'GET', url: `/api/connection-logs/${result.logId}` });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({
      id: result.logId,
      isSuccessful: true,
      steps: result.steps,
      destination: { bootstrapServers: kafka.listeners.plaintext },
    });
  });

  it('answers Connection Failed with the step, reason and a log link for a wrong password', async () => {
    const response = await test({
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.saslPlaintext,
        topic: 'orders',
        sasl: {
          mechanism: 'SCRAM-SHA-256',
          username: kafka.users.scram256.username,
          password: 'definitely-wrong-password',
        },
      },
    });
    expect(response.json()).toMatchObject({
      isSuccessful: false,
      failedStep: 'sasl',
      message: 'SASL authentication failed: the broker rejected the username or password for SCRAM-SHA-256.',
      logId: expect.any(String),
    });
  });

  it('names the missing secret when nothing is stored to fall back on', async () => {
    const response = await test({
      destination: {
        type: 'kafka-topic',
        bootstrapServers: kafka.listeners.saslPlaintext,
        topic: 'orders',
        sasl: { mechanism: 'PLAIN', username: 'u' },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'destination.sasl.password', message: 'Password is required' }]);
  });

  it('answers 404 for an unknown log', async () => {
    const response = await testApp.inject({
      method: 'GET',
      url: '/api/connection-logs/00000000-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(404);
  });

  it('never returns or stores a submitted secret', async () => {
    const secrets = [
      kafka.users.scram512.password,
      'wrong-but-secret-password-123',
      kafka.oidc.clientSecret,
      'wrong-client-secret-456',
    ];
    const bodies = [
      {
        sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: secrets[0] },
        bootstrapServers: kafka.listeners.saslPlaintext,
      },
      {
        sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: secrets[1] },
        bootstrapServers: kafka.listeners.saslPlaintext,
      },
      {
        sasl: {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: kafka.oidc.tokenEndpoint,
          clientId: kafka.oidc.clientId,
          clientSecret: secrets[2],
        },
        bootstrapServers: kafka.listeners.oidc,
      },
      {
        sasl: {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: kafka.oidc.tokenEndpoint,
          clientId: kafka.oidc.clientId,
          clientSecret: secrets[3],
        },
        bootstrapServers: kafka.listeners.oidc,
      },
    ];
    const answers: string[] = [];
    for (const body of bodies) {
      const tested = await test({ destination: { type: 'kafka-topic', topic: 'orders', ...body } });
      answers.push(tested.body);
      answers.push((await testApp.inject({ method: 'GET', url: `/api/connection-logs/${tested.json().logId}` })).body);
      const saved = await testApp.inject({
        method: 'POST',
        url: '/api/syncs',
        payload: { name: `s-${answers.length}`, destination: { type: 'kafka-topic', topic: 'orders', ...body } },
      });
      answers.push(saved.body, (await testApp.inject({ method: 'GET', url: `/api/syncs/${saved.json().id}` })).body);
    }
    const client = new pg.Client({ connectionString: testApp.databaseUrl });
    await client.connect();
    const stored =
      JSON.stringify((await client.query('select * from connection_test_logs')).rows) +
      JSON.stringify((await client.query('select * from syncs')).rows);
    await client.end();
    expect(stored).toContain('"isSet":true');
    for (const secret of secrets) {
      for (const answer of answers) expect(answer).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });

  it('documents the routes in the served OpenAPI document', async () => {
    const document = (await testApp.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/health/',
        '/api/syncs/',
        '/api/syncs/{id}',
        '/api/connections/test',
        '/api/connection-logs/{id}',
      ]),
    );
    expect(
      document.paths['/api/connections/test'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('destination');
  });
});
