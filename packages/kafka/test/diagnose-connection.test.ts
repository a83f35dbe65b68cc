import { createServer, type Server, type Socket } from 'node:net';
import type { TKafkaDestinationInput } from '@tributary/core';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diagnoseConnection } from '../src/index.ts';
import { adminClient, createTopic, destination, uniqueTopic, clientModes } from './kafka-test-helpers.ts';

const env = inject('testEnv').kafka;
const { listeners, users, caPem, oidc } = env;
const tls = { isEnabled: true, caCertificate: caPem };
const topic = uniqueTopic('diagnose');

const diagnose = (settings: Omit<TKafkaDestinationInput, 'type' | 'topic'> & { topic?: string }) =>
  diagnoseConnection(destination({ topic, ...settings }));

beforeAll(() => createTopic(env, topic, 3));

describe('Test Connection succeeds', () => {
  const modes = clientModes(env);

  it.concurrent.each(Object.entries(modes))('%s', async (_mode, settings) => {
    const result = await diagnose(settings);
    expect(result.message).toMatch(
      /^Connection Successful: cluster \S+, 1 broker\(s\), topic diagnose-\w+ with 3 partition\(s\)\.$/,
    );
    expect(result).toMatchObject({
      isSuccessful: true,
      topic: { name: topic, partitions: 3, replicationFactor: 1 },
      cluster: { brokerCount: 1 },
    });
    expect(result.steps.map((step) => step.step)).toEqual([
      'resolve',
      'tcp',
      'tls',
      'sasl',
      'metadata',
      'topic',
      'write-permission',
    ]);
    expect(result.steps.every((step) => step.status === 'passed' || step.status === 'skipped')).toBe(true);
    expect(result.steps.find((step) => step.step === 'write-permission')?.detail).toContain('WRITE');
  });
});

describe('Test Connection fails at the right step, saying why', () => {
  it.concurrent.each([
    ['PLAIN', users.plain.username],
    ['SCRAM-SHA-256', users.scram256.username],
    ['SCRAM-SHA-512', users.scram512.username],
  ] as const)('wrong %s password', async (mechanism, username) => {
    const result = await diagnose({
      bootstrapServers: listeners.saslPlaintext,
      sasl: { mechanism, username, password: 'not-the-password' },
    });
    expect(result).toMatchObject({
      isSuccessful: false,
      failedStep: 'sasl',
      message: `SASL authentication failed: the broker rejected the username or password for ${mechanism}.`,
    });
    expect(result.steps.at(-1)).toMatchObject({
      step: 'sasl',
      status: 'failed',
      errorCode: 'SASL_AUTHENTICATION_FAILED',
    });
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });

  it('a mechanism the listener does not offer', async () => {
    const result = await diagnose({ bootstrapServers: listeners.oidc, sasl: { mechanism: 'PLAIN', ...users.plain } });
    expect(result).toMatchObject({
      failedStep: 'sasl',
      message: 'SASL authentication failed: this listener does not offer PLAIN.',
    });
  });

  it('an unsecured OAUTHBEARER token on a listener that validates signatures', async () => {
    const result = await diagnose({
      bootstrapServers: listeners.oidc,
      sasl: { mechanism: 'OAUTHBEARER', principal: 'svc' },
    });
    expect(result).toMatchObject({
      failedStep: 'sasl',
      message: 'SASL authentication failed: the broker rejected the OAUTHBEARER token.',
    });
  });

  it('a wrong OIDC client secret (the token endpoint answers 401)', async () => {
    const result = await diagnose({
      bootstrapServers: listeners.oidc,
      sasl: {
        mechanism: 'OAUTHBEARER_OIDC',
        tokenEndpointUrl: oidc.tokenEndpoint,
        clientId: oidc.clientId,
        clientSecret: 'wrong-secret',
      },
    });
    expect(result.failedStep).toBe('sasl');
    expect(result.message).toContain('answered HTTP 401 (invalid_client: client authentication failed)');
    expect(result.hint).toMatch(/Client ID and Client Secret/);
    expect(JSON.stringify(result)).not.toContain('wrong-secret');
  });

  it('an unknown host', async () => {
    const result = await diagnose({ bootstrapServers: 'no-such-broker.invalid:9092', sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'resolve',
      message: 'The host no-such-broker.invalid could not be found.',
    });
    expect(result.steps).toHaveLength(1);
  });

  it('a closed port', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const result = await diagnose({ bootstrapServers: `127.0.0.1:${closed}`, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'tcp',
      message: `Cannot connect to 127.0.0.1:${closed} refused the connection: nothing listens on that port.`,
    });
  });

  describe('a broker that accepts TCP but never answers', () => {
    let silent: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails within 10 seconds, not after a client default of minutes', { timeout: 10_000 }, async () => {
      const result = await diagnose({ bootstrapServers: `127.0.0.1:${port}`, sasl: { mechanism: 'NONE' } });
      expect(result).toMatchObject({ isSuccessful: false, failedStep: 'metadata' });
      expect(result.hint).toMatch(/SASL authentication or TLS/);
    });
  });

  it('TLS with the wrong CA', async () => {
    const otherCa = (await import('node:tls')).rootCertificates[0]!;
    const result = await diagnose({
      bootstrapServers: listeners.ssl,
      ssl: { isEnabled: true, caCertificate: otherCa },
      sasl: { mechanism: 'NONE' },
    });
    expect(result).toMatchObject({ failedStep: 'tls' });
    expect(result.message).toMatch(/^TLS: the broker's certificate is not signed by the CA you gave \(\w+\)\.$/);
  });

  it('a TLS client on a plaintext port', async () => {
    const result = await diagnose({ bootstrapServers: listeners.plaintext, ssl: tls, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({ failedStep: 'tls' });
    expect(result.hint).toMatch(/turn Use SSL off/);
  });

  it('a plaintext client on a TLS port', async () => {
    const result = await diagnose({ bootstrapServers: listeners.ssl, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `TLS: ${listeners.ssl} expects TLS, but Use SSL is off.`,
    });
  });

  it('a missing topic on a cluster that does not auto-create topics', async () => {
    const result = await diagnose({
      bootstrapServers: listeners.plaintext,
      sasl: { mechanism: 'NONE' },
      topic: 'orders-that-do-not-exist',
    });
    expect(result).toMatchObject({
      failedStep: 'topic',
      message: 'Topic orders-that-do-not-exist does not exist and the cluster does not auto-create topics.',
      cluster: { brokerCount: 1 },
    });
  });

  it('a user without WRITE on the topic (authorizer with ACLs)', async () => {
    const restricted = uniqueTopic('restricted');
    await createTopic(env, restricted);
    const admin = adminClient(env);
    await admin.connect();
    try {
      // Any ACL on the topic ends "allow everyone if no ACL found" for it: `limited` may only describe.
      await admin.createAcls({
        acl: [
          {
            resourceType: AclResourceTypes.TOPIC,
            resourceName: restricted,
            resourcePatternType: ResourcePatternTypes.LITERAL,
            principal: `User:${users.limited.username}`,
            host: '*',
            operation: AclOperationTypes.DESCRIBE,
            permissionType: AclPermissionTypes.ALLOW,
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    const result = await diagnose({
      bootstrapServers: listeners.saslPlaintext,
      topic: restricted,
      sasl: { mechanism: 'SCRAM-SHA-512', ...users.limited },
    });
    expect(result).toMatchObject({
      failedStep: 'write-permission',
      message: `limited may not write to topic ${restricted} (allowed: DESCRIBE).`,
      hint: `Ask the cluster admin for a WRITE ACL on topic ${restricted} for limited.`,
    });

    // Writing really is refused: the check agrees with the broker.
    const producer = new Kafka({
      brokers: [listeners.saslPlaintext],
      sasl: { mechanism: 'scram-sha-512', ...users.limited },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).producer();
    await producer.connect();
    await expect(producer.send({ topic: restricted, messages: [{ value: 'x' }] })).rejects.toThrow(
      /Not authorized to access topics/,
    );
    await producer.disconnect();
  });
});
