import { ZKafkaDestinationInputSchema } from './kafka-destination.ts';
import { describe, expect, it } from 'vitest';
import { destinationView, splitDestinationSecrets, joinDestinationSecrets } from './destination-secrets.ts';

const parse = (input: object) =>
  ZKafkaDestinationInputSchema.parse({ type: 'kafka-topic', bootstrapServers: 'b:1', topic: 't', ...input });

describe('destination secrets', () => {
  it('splits secrets out of the stored config', () => {
    const { config, secrets } = splitDestinationSecrets(
      parse({
        sasl: { mechanism: 'PLAIN', username: 'u', password: 'pw' },
        ssl: { isEnabled: true, clientKey: 'KEY' },
      }),
    );
    expect(JSON.stringify(config)).not.toMatch(/pw|KEY/);
    expect(secrets).toEqual({ 'sasl.password': 'pw', 'ssl.clientKey': 'KEY' });
  });

  it('keeps a stored secret when the field is left blank, replaces it when typed', () => {
    const stored = { 'sasl.password': 'old' };
    const blank = joinDestinationSecrets(
      parse({ sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: '' } }),
      stored,
    );
    expect(blank.sasl).toMatchObject({ password: 'old' });
    const typed = joinDestinationSecrets(
      parse({ sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'new' } }),
      stored,
    );
    expect(typed.sasl).toMatchObject({ password: 'new' });
  });

  it('never moves a stored secret into a mechanism that does not use it', () => {
    const merged = joinDestinationSecrets(parse({ sasl: { mechanism: 'NONE' } }), {
      'sasl.password': 'old',
      'ssl.clientKey': 'KEY',
    });
    expect(JSON.stringify(merged)).not.toMatch(/old|KEY/);
  });

  it('shows each used secret as set or not set', () => {
    const { config } = splitDestinationSecrets(
      parse({
        sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: 'https://idp/t', clientId: 'c', clientSecret: 's' },
      }),
    );
    expect(destinationView(config, new Set(['sasl.clientSecret']))).toMatchObject({
      sasl: { clientSecret: { isSet: true } },
      ssl: { clientKey: { isSet: false } },
    });
  });
});
