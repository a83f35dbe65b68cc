import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { buildUnsecuredJwt, fetchClientCredentialsToken, TokenEndpointError } from '../src/index.ts';
import {
  firstRequestError,
  createTopic,
  destination,
  produceAndConsume,
  testClientConfig,
  uniqueTopic,
  clientModes,
} from './kafka-test-helpers.ts';

const env = inject('testEnv').kafka;
const { users, listeners, oidc } = env;
/** Every client mode of the product against the real broker's listeners. */
const modes = clientModes(env);

describe('Kafka security matrix', () => {
  it.concurrent.each(Object.entries(modes))('%s: produces a message and consumes it back', async (_mode, settings) => {
    const topic = uniqueTopic('matrix');
    await createTopic(env, topic);
    const sent = {
      key: `key-${randomUUID()}`,
      value: JSON.stringify({ id: randomUUID(), at: new Date().toISOString() }),
    };
    const received = await produceAndConsume(testClientConfig(destination({ ...settings, topic })), topic, sent);
    expect(received).toEqual(sent);
  });

  it.concurrent.each([
    ['PLAIN', users.plain.username, /Invalid username or password/i],
    ['SCRAM-SHA-256', users.scram256.username, /invalid credentials with SASL mechanism SCRAM-SHA-256/i],
    ['SCRAM-SHA-512', users.scram512.username, /invalid credentials with SASL mechanism SCRAM-SHA-512/i],
  ] as const)('%s with a wrong password fails with the broker reason', async (mechanism, username, reason) => {
    const config = testClientConfig(
      destination({
        bootstrapServers: listeners.saslPlaintext,
        topic: 'unused',
        sasl: { mechanism, username, password: 'wrong-password' },
      }),
    );
    const error = await firstRequestError(config, uniqueTopic('rejected'));
    expect(error?.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error?.message).toMatch(reason);
  });

  it('OIDC with a wrong client secret gets the token endpoint 401', async () => {
    const failure = await fetchClientCredentialsToken({
      ...oidc,
      tokenEndpointUrl: oidc.tokenEndpoint,
      clientSecret: 'wrong',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TokenEndpointError);
    expect(failure).toMatchObject({ status: 401, oauthError: 'invalid_client' });
    expect((failure as Error).message).not.toContain('wrong');

    const config = testClientConfig(
      destination({
        bootstrapServers: listeners.oidc,
        topic: 'unused',
        sasl: {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: oidc.tokenEndpoint,
          clientId: oidc.clientId,
          clientSecret: 'wrong',
        },
      }),
    );
    const error = await firstRequestError(config, uniqueTopic('rejected'));
    expect(error?.message).toMatch(/HTTP 401 \(invalid_client/);
  });

  it('the OIDC listener rejects a token not signed by the identity provider', async () => {
    const unsigned = buildUnsecuredJwt({ principal: oidc.clientId, lifetimeSeconds: 600 });
    const config = {
      ...testClientConfig(
        destination({ bootstrapServers: listeners.oidc, topic: 'unused', sasl: { mechanism: 'NONE' } }),
      ),
      sasl: { mechanism: 'oauthbearer' as const, oauthBearerProvider: async () => ({ value: unsigned.value }) },
    };
    // The broker answers the token with an RFC 7628 error challenge and then refuses every request.
    const error = await firstRequestError(config, uniqueTopic('rejected'));
    expect(error?.message).toMatch(/not valid given the current SASL state/);
  });
});
