import { CONNECTION_TEST_STEPS, type TConnectionTestResult, type TKafkaDestinationInput } from '@tributary/core';
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
import {
  canListenOn,
  closedPort,
  startMutualTlsServer,
  startResettingServer,
  startForwarder,
  startHalfKafkaServer,
  startSilentServer,
  type FakeServer,
  type MutualTlsServer,
} from './fake-servers.ts';
import { adminClient, createTopic, destination, uniqueTopic, clientModes } from './kafka-test-helpers.ts';

const env = inject('testEnv').kafka;
const { listeners, users, caPem, oidc } = env;
const tls = { isEnabled: true, caCertificate: caPem };
const topic = uniqueTopic('diagnose');

/** Cases with servers of the test's own use a short per-server timeout; the bounds scale with it. */
const SHORT_TIMEOUT_MS = 1_000;

/** Every result, whatever the outcome: one entry per step, in the order the steps run. */
function expectWellFormedSteps(result: TConnectionTestResult) {
  const names = result.steps.map((step) => step.step);
  expect(new Set(names).size).toBe(names.length);
  const order = names.map((name) => CONNECTION_TEST_STEPS.indexOf(name));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  if (!result.isSuccessful) expect(result.steps.filter((step) => step.status === 'failed')).toHaveLength(1);
  if (result.failedStep) expect(result.steps.find((step) => step.status === 'failed')?.step).toBe(result.failedStep);
}

type Settings = Omit<TKafkaDestinationInput, 'type' | 'topic'> & { topic?: string };

async function diagnose(settings: Settings, stepTimeoutMs?: number) {
  const result = await diagnoseConnection(destination({ topic, ...settings }), { stepTimeoutMs });
  expectWellFormedSteps(result);
  return result;
}

const hasIpv6Loopback = await canListenOn('::1');

const stepOf = (result: TConnectionTestResult, name: string) => result.steps.find((step) => step.step === name);

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
      message: 'Bootstrap server no-such-broker.invalid:9092 could not be found (ENOTFOUND): no such host name.',
      hint: 'Check the spelling of Bootstrap Servers and that this server can resolve the name (DNS).',
    });
    expect(result.steps).toHaveLength(1);
  });

  it('a closed port', async () => {
    const closed = await closedPort();
    const result = await diagnose({ bootstrapServers: `127.0.0.1:${closed}`, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'tcp',
      message: `Bootstrap server 127.0.0.1:${closed} refused the connection: nothing listens on that port.`,
    });
    expect(stepOf(result, 'tcp')).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED' });
  });

  it('TLS with the wrong CA', async () => {
    const otherCa = (await import('node:tls')).rootCertificates[0]!;
    const result = await diagnose({
      bootstrapServers: listeners.ssl,
      ssl: { isEnabled: true, caCertificate: otherCa },
      sasl: { mechanism: 'NONE' },
    });
    expect(result).toMatchObject({ failedStep: 'tls' });
    expect(result.message).toMatch(
      new RegExp(
        `^Bootstrap server ${listeners.ssl} presented a certificate not signed by the CA you gave \\(\\w+\\)\\.$`,
      ),
    );
  });

  it('a TLS client on a plaintext port', async () => {
    const result = await diagnose({ bootstrapServers: listeners.plaintext, ssl: tls, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'tls',
      hint: "This port does not speak TLS: turn Use SSL off, or use the broker's TLS port.",
    });
    expect(result.message).toMatch(/it looks like a plaintext port\.$/);
  });

  it('a plaintext client on a TLS port: the TLS step is listed once, as failed', async () => {
    const result = await diagnose({ bootstrapServers: listeners.ssl, sasl: { mechanism: 'NONE' } });
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server ${listeners.ssl} expects TLS, but Use SSL is off.`,
      hint: 'Turn Use SSL on (and give the CA certificate if the cluster uses a private CA).',
    });
    expect(result.steps.map((step) => [step.step, step.status])).toEqual([
      ['resolve', 'passed'],
      ['tcp', 'passed'],
      ['tls', 'failed'],
    ]);
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

describe('servers that accept TCP but do not speak Kafka or TLS', () => {
  let silent: FakeServer;
  let resetting: FakeServer;
  beforeAll(async () => {
    [silent, resetting] = await Promise.all([startSilentServer(), startResettingServer()]);
  });
  afterAll(() => Promise.all([silent.close(), resetting.close()]));

  it('a silent server in plaintext: no Kafka answer within the step timeout', { timeout: 10_000 }, async () => {
    const started = performance.now();
    const result = await diagnose(
      { bootstrapServers: `127.0.0.1:${silent.port}`, sasl: { mechanism: 'NONE' } },
      SHORT_TIMEOUT_MS,
    );
    expect(performance.now() - started).toBeLessThan(4 * SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({
      isSuccessful: false,
      failedStep: 'metadata',
      message: `Bootstrap server 127.0.0.1:${silent.port} accepted the connection, but did not answer a Kafka request within 1 s.`,
    });
    expect(result.hint).toMatch(/^Check that this port is a Kafka listener/);
  });

  it('a silent server with Use SSL on: the TLS handshake timed out, not "a plaintext port"', async () => {
    const result = await diagnose(
      { bootstrapServers: `127.0.0.1:${silent.port}`, ssl: tls, sasl: { mechanism: 'NONE' } },
      SHORT_TIMEOUT_MS,
    );
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${silent.port} accepted the connection, but the TLS handshake timed out after 1 s.`,
    });
    expect(result.hint).toMatch(/never answered the TLS handshake/);
    expect(result.hint).not.toMatch(/plaintext|turn Use SSL off/);
    expect(stepOf(result, 'tls')).toMatchObject({ status: 'failed', errorCode: 'ETIMEDOUT' });
  });

  it('a connection reset during the TLS handshake: the plaintext-port hint', async () => {
    const result = await diagnose(
      { bootstrapServers: `127.0.0.1:${resetting.port}`, ssl: tls, sasl: { mechanism: 'NONE' } },
      SHORT_TIMEOUT_MS,
    );
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${resetting.port} closed the connection during the TLS handshake (ECONNRESET): it looks like a plaintext port.`,
      hint: "This port does not speak TLS: turn Use SSL off, or use the broker's TLS port.",
    });
  });
});

describe('a listener that requires a client certificate (mutual TLS)', () => {
  const servers: Record<'1.2' | '1.3', MutualTlsServer | undefined> = { '1.2': undefined, '1.3': undefined };
  beforeAll(async () => {
    [servers['1.2'], servers['1.3']] = await Promise.all([startMutualTlsServer('1.2'), startMutualTlsServer('1.3')]);
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server?.close())));

  const settings = (server: MutualTlsServer, clientCertificate?: { certificate: string; key: string }): Settings => ({
    bootstrapServers: `127.0.0.1:${server.port}`,
    ssl: {
      isEnabled: true,
      caCertificate: server.caPem,
      ...(clientCertificate && { clientCertificate: clientCertificate.certificate, clientKey: clientCertificate.key }),
    },
    sasl: { mechanism: 'NONE' },
  });

  it('TLS 1.3, no client certificate: the TLS step fails saying one is required', async () => {
    const server = servers['1.3']!;
    const result = await diagnose(settings(server), SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${server.port} requires a client certificate (mutual TLS) and none was given (TLS alert 116: certificate required).`,
      hint: 'This listener requires mutual TLS: give a Client Certificate and Client Private Key signed by a CA the brokers trust.',
    });
    expect(result.steps.map((step) => [step.step, step.status])).toEqual([
      ['resolve', 'passed'],
      ['tcp', 'passed'],
      ['tls', 'failed'],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/SSL routines|rec_layer|\.c:\d+/);
  });

  it('TLS 1.3, an untrusted client certificate: the TLS step fails saying it was refused', async () => {
    const server = servers['1.3']!;
    const result = await diagnose(settings(server, server.strangerCertificate), SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${server.port} refused the client certificate (TLS alert 48: unknown CA).`,
    });
    expect(result.hint).toMatch(/^The brokers do not accept this client certificate/);
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('TLS 1.2, no client certificate: the broker ends the handshake and the TLS step says why it may have', async () => {
    const server = servers['1.2']!;
    const result = await diagnose(settings(server), SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${server.port} ended the TLS handshake (TLS alert 40: handshake failure): it may require a client certificate, or share no TLS version or cipher suite with this server.`,
    });
  });

  it('TLS 1.2, an untrusted client certificate', async () => {
    const server = servers['1.2']!;
    const result = await diagnose(settings(server, server.strangerCertificate), SHORT_TIMEOUT_MS);
    expect(result).toMatchObject({
      failedStep: 'tls',
      message: `Bootstrap server 127.0.0.1:${server.port} refused the client certificate (TLS alert 48: unknown CA).`,
    });
  });
});

describe('every bootstrap server is tried', () => {
  let silent: FakeServer;
  let closed: number;
  const dead = () => ({
    unresolvable: {
      entry: 'deadhost.invalid:9092',
      why: 'could not be found (ENOTFOUND): no such host name',
      step: 'resolve',
    },
    refusing: {
      entry: `127.0.0.1:${closed}`,
      why: 'refused the connection: nothing listens on that port',
      step: 'tcp',
    },
    ipv6Refusing: {
      entry: `[::1]:${closed}`,
      why: 'refused the connection: nothing listens on that port',
      step: 'tcp',
    },
    silent: {
      entry: `localhost:${silent.port}`,
      why: 'accepted the connection, but did not answer a Kafka request within 3 s',
      step: 'metadata',
    },
  });
  beforeAll(async () => {
    silent = await startSilentServer();
    closed = await closedPort();
  });
  afterAll(() => silent.close());

  it.concurrent.each([
    ['first', ['unresolvable'], 0],
    ['last', ['refusing'], 1],
    ['between', ['ipv6Refusing', 'silent'], 1],
    ['several, everywhere', ['silent', 'unresolvable', 'refusing', 'ipv6Refusing'], 2],
  ] as const)(
    'dead servers %s: Successful through the live one, each dead one a warning',
    async (_where, names, livePosition) => {
      const servers = dead();
      const entries: string[] = names.map((name) => servers[name].entry);
      entries.splice(livePosition, 0, listeners.plaintext);
      const result = await diagnose({ bootstrapServers: entries.join(','), sasl: { mechanism: 'NONE' } });

      expect(result).toMatchObject({ isSuccessful: true, topic: { name: topic, partitions: 3 } });
      expect(result.message).toMatch(
        new RegExp(
          `, topic ${topic} with 3 partition\\(s\\)\\. ${names.length} of ${entries.length} bootstrap servers could not be used\\.$`,
        ),
      );
      // In the order of Bootstrap Servers, whatever order they failed in.
      const inOrder = entries.flatMap((entry) => names.filter((name) => servers[name].entry === entry));
      expect(result.warnings).toEqual(
        inOrder.map((name) => `Bootstrap server ${servers[name].entry} ${servers[name].why}.`),
      );
      for (const name of names) {
        const step = stepOf(result, servers[name].step);
        expect(step?.status).toBe('warning');
        expect(step?.detail).toContain(`${servers[name].entry} ${servers[name].why}`);
      }
      expect(stepOf(result, 'metadata')?.detail).toContain(`(through ${listeners.plaintext})`);
      expect(result.steps.filter((step) => step.status === 'failed')).toEqual([]);
    },
  );

  it('SASL through the second server when the first refuses the connection (issue 17)', async () => {
    const result = await diagnose({
      bootstrapServers: `127.0.0.1:${closed},${listeners.saslPlaintext}`,
      sasl: { mechanism: 'SCRAM-SHA-512', ...users.scram512 },
    });
    expect(result.isSuccessful).toBe(true);
    expect(stepOf(result, 'sasl')).toMatchObject({
      status: 'passed',
      detail: `authenticated as ${users.scram512.username} through ${listeners.saslPlaintext}`,
    });
    expect(result.warnings).toEqual([
      `Bootstrap server 127.0.0.1:${closed} refused the connection: nothing listens on that port.`,
    ]);
  });

  it.skipIf(!hasIpv6Loopback)('an IPv6 literal as the live server', async () => {
    const [host, port] = listeners.plaintext.split(':');
    const forwarder = await startForwarder('::1', { host: host!, port: Number(port) });
    try {
      const result = await diagnose({
        bootstrapServers: `127.0.0.1:${closed},[::1]:${forwarder.port}`,
        sasl: { mechanism: 'NONE' },
      });
      expect(result).toMatchObject({ isSuccessful: true, topic: { name: topic, partitions: 3 } });
      expect(stepOf(result, 'metadata')?.detail).toContain(`(through [::1]:${forwarder.port})`);
      expect(stepOf(result, 'resolve')?.detail).toContain(`[::1]:${forwarder.port} needs no lookup (IP address)`);
      expect(result.warnings).toEqual([
        `Bootstrap server 127.0.0.1:${closed} refused the connection: nothing listens on that port.`,
      ]);
    } finally {
      await forwarder.close();
    }
  });

  it('TLS through the second server when the first never answers the handshake', async () => {
    const result = await diagnose({
      bootstrapServers: `127.0.0.1:${silent.port},${listeners.ssl}`,
      ssl: tls,
      sasl: { mechanism: 'NONE' },
    });
    expect(result.isSuccessful).toBe(true);
    expect(stepOf(result, 'tls')?.status).toBe('warning');
    expect(result.warnings).toEqual([
      `Bootstrap server 127.0.0.1:${silent.port} accepted the connection, but the TLS handshake timed out after 3 s.`,
    ]);
  });

  it('a server that answers a probe but fails the Kafka client: the client moves on to the next', async () => {
    const halfKafka = await startHalfKafkaServer();
    try {
      const result = await diagnose({
        bootstrapServers: `127.0.0.1:${halfKafka.port},${listeners.saslPlaintext}`,
        sasl: { mechanism: 'PLAIN', ...users.plain },
      });
      expect(result.isSuccessful).toBe(true);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(new RegExp(`^Bootstrap server 127\\.0\\.0\\.1:${halfKafka.port} `));
      expect(stepOf(result, 'sasl')).toMatchObject({ status: 'warning' });
      expect(stepOf(result, 'sasl')?.detail).toContain(
        `authenticated as ${users.plain.username} through ${listeners.saslPlaintext}`,
      );
    } finally {
      await halfKafka.close();
    }
  });

  it('a wrong password is not retried on every server: it fails at once, at SASL', async () => {
    const result = await diagnose({
      bootstrapServers: `${listeners.saslPlaintext},localhost:${listeners.saslPlaintext.split(':')[1]}`,
      sasl: { mechanism: 'SCRAM-SHA-256', username: users.scram256.username, password: 'not-the-password' },
    });
    expect(result).toMatchObject({
      failedStep: 'sasl',
      message: 'SASL authentication failed: the broker rejected the username or password for SCRAM-SHA-256.',
      warnings: [],
    });
  });

  it('all dead: Failed at the furthest step, naming each server and why', async () => {
    const servers = dead();
    const names = ['refusing', 'unresolvable', 'silent', 'ipv6Refusing'] as const;
    const result = await diagnose({
      bootstrapServers: names.map((name) => servers[name].entry).join(', '),
      sasl: { mechanism: 'NONE' },
    });
    expect(result).toMatchObject({
      isSuccessful: false,
      failedStep: 'metadata',
      message: `None of the 4 bootstrap servers could be used: ${names.map((name) => `${servers[name].entry} ${servers[name].why}`).join('; ')}.`,
    });
    // The message names them all; warnings would only repeat it.
    expect(result.warnings).toEqual([]);
    expect(result.hint).toContain('Check the spelling of Bootstrap Servers');
    expect(result.hint).toContain('that the broker is running');
    expect(result.hint).toContain('Check that this port is a Kafka listener');
    expect(result.steps.map((step) => [step.step, step.status])).toEqual([
      ['resolve', 'warning'],
      ['tcp', 'warning'],
      ['tls', 'skipped'],
      ['metadata', 'failed'],
    ]);
  });

  it('a long list of silent servers is bounded: those not reached in time are reported as not tried', async () => {
    const crowd = await Promise.all(Array.from({ length: 12 }, () => startSilentServer()));
    try {
      const started = performance.now();
      const result = await diagnose(
        {
          bootstrapServers: crowd.map((server) => `127.0.0.1:${server.port}`).join(','),
          ssl: tls,
          sasl: { mechanism: 'NONE' },
        },
        SHORT_TIMEOUT_MS,
      );
      const elapsed = performance.now() - started;
      // Four at a time, 1 s each, within the step's 2 s: eight tried, four not.
      expect(elapsed).toBeLessThan(4 * SHORT_TIMEOUT_MS);
      expect(result.failedStep).toBe('tls');
      expect(result.message).toMatch(/^None of the 12 bootstrap servers could be used: /);
      const reasons = stepOf(result, 'tls')!.detail.split('; ');
      const timedOut = reasons.filter((reason) => reason.endsWith('the TLS handshake timed out after 1 s'));
      const notTried = reasons.filter((reason) =>
        reason.endsWith('was not tried: the 2 s this step may take ran out on the servers before it'),
      );
      expect(reasons).toHaveLength(12);
      expect(timedOut.length + notTried.length).toBe(12);
      expect(timedOut.length).toBeGreaterThanOrEqual(4);
      expect(notTried.length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(crowd.map((server) => server.close()));
    }
  });
});
