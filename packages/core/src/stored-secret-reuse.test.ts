import { describe, expect, it } from 'vitest';
import { ZKafkaDestinationInputSchema } from './destination/kafka-destination.ts';
import { ZSourceInputSchema } from './source-input.ts';
import { reuseStoredDestinationSecrets, reuseStoredSourcePassword } from './stored-secret-reuse.ts';

const CERT = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
const OTHER_CERT = '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nKKKK\n-----END PRIVATE KEY-----';

const destination = (input: object = {}) =>
  ZKafkaDestinationInputSchema.parse({
    type: 'kafka-topic',
    bootstrapServers: 'kafka-1:9092,kafka-2:9092',
    topic: 't',
    sasl: { mechanism: 'NONE' },
    ...input,
  });

const scram = (sasl: object = {}) => ({
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: '', ...sasl },
});
const oidc = (sasl: object = {}) => ({
  sasl: {
    mechanism: 'OAUTHBEARER_OIDC',
    tokenEndpointUrl: 'https://idp.example.com/token',
    clientId: 'tributary',
    clientSecret: '',
    ...sasl,
  },
});

const storedScram = destination(scram({ password: 'stored-pw' }));
const storedOidc = destination(oidc({ clientSecret: 'stored-cs' }));

describe('reuseStoredDestinationSecrets', () => {
  it('fills a blank password when every binding setting is unchanged', () => {
    const reused = reuseStoredDestinationSecrets(destination({ ...scram(), topic: 'other' }), storedScram);
    expect(reused).toMatchObject({ ok: true, value: { topic: 'other', sasl: { password: 'stored-pw' } } });
  });

  it('uses a typed secret as typed, whatever changed', () => {
    const form = destination({ ...scram({ password: 'typed' }), bootstrapServers: 'evil:9092' });
    expect(reuseStoredDestinationSecrets(form, storedScram)).toMatchObject({
      ok: true,
      value: { sasl: { password: 'typed' } },
    });
  });

  it('ignores the order and letter case of the bootstrap servers, and allows dropping one', () => {
    for (const bootstrapServers of ['KAFKA-2:9092, kafka-1', 'kafka-2:9092']) {
      const reused = reuseStoredDestinationSecrets(destination({ ...scram(), bootstrapServers }), storedScram);
      expect(reused).toMatchObject({ ok: true, value: { sasl: { password: 'stored-pw' } } });
    }
  });

  it.each([
    [{ bootstrapServers: 'evil:9092' }, 'the Bootstrap Servers'],
    [{ bootstrapServers: 'kafka-1:9092,kafka-2:9092,evil:9092' }, 'the Bootstrap Servers'],
    [{ bootstrapServers: 'kafka-1:9093' }, 'the Bootstrap Servers'],
    [scram({ username: 'bob' }), 'the Username'],
    [scram({ mechanism: 'PLAIN' }), 'the SASL Mechanism'],
    [scram({ mechanism: 'SCRAM-SHA-256' }), 'the SASL Mechanism'],
  ])('refuses the stored password after %j', (change, label) => {
    const form = destination({ ...scram(), ...change });
    expect(reuseStoredDestinationSecrets(form, storedScram)).toEqual({
      ok: false,
      issues: [{ field: 'destination.sasl.password', message: `Type the Password again: ${label} changed` }],
    });
  });

  it('names every changed setting in one message', () => {
    const form = destination({ ...scram({ username: 'bob' }), bootstrapServers: 'evil:9092' });
    expect(reuseStoredDestinationSecrets(form, storedScram)).toMatchObject({
      issues: [{ message: 'Type the Password again: the Username and the Bootstrap Servers changed' }],
    });
  });

  it('refuses the password when TLS gets weaker, and allows TLS to get stricter', () => {
    const tls = { isEnabled: true, caCertificate: CERT };
    const storedTls = destination({ ...scram({ password: 'stored-pw' }), ssl: tls });
    const weaker = [
      [{ isEnabled: false }, 'Use SSL'],
      [{ ...tls, caCertificate: OTHER_CERT }, 'the CA Certificate'],
      [{ ...tls, skipVerification: true }, 'Skip certificate verification'],
    ] as const;
    for (const [ssl, label] of weaker) {
      expect(reuseStoredDestinationSecrets(destination({ ...scram(), ssl }), storedTls)).toMatchObject({
        ok: false,
        issues: [{ field: 'destination.sasl.password', message: `Type the Password again: ${label} changed` }],
      });
    }
    const reformatted = { ...tls, caCertificate: CERT.replaceAll('\n', '\r\n') };
    expect(reuseStoredDestinationSecrets(destination({ ...scram(), ssl: reformatted }), storedTls).ok).toBe(true);
    // Stored without TLS: enabling it, with any CA, only protects the password more.
    const stricter = destination({ ...scram(), ssl: { isEnabled: true, caCertificate: OTHER_CERT } });
    expect(reuseStoredDestinationSecrets(stricter, storedScram).ok).toBe(true);
  });

  it.each([
    [oidc({ tokenEndpointUrl: 'https://evil.example.com/token' }), 'the Token Endpoint URL'],
    [oidc({ tokenEndpointUrl: 'http://idp.example.com/token' }), 'the Token Endpoint URL'],
    [oidc({ clientId: 'someone-else' }), 'the Client ID'],
    // The access token bought with the secret would go to the new broker.
    [{ ...oidc(), bootstrapServers: 'evil:9092' }, 'the Bootstrap Servers'],
  ])('refuses the stored client secret after %j', (change, label) => {
    expect(reuseStoredDestinationSecrets(destination(change), storedOidc)).toEqual({
      ok: false,
      issues: [{ field: 'destination.sasl.clientSecret', message: `Type the Client Secret again: ${label} changed` }],
    });
  });

  it('reads the token endpoint URL as a URL (host case, default port)', () => {
    const form = destination(oidc({ tokenEndpointUrl: 'https://IDP.example.com:443/token' }));
    expect(reuseStoredDestinationSecrets(form, storedOidc)).toMatchObject({
      ok: true,
      value: { sasl: { clientSecret: 'stored-cs' } },
    });
  });

  it('binds the private key to the brokers and the client certificate', () => {
    const ssl = { isEnabled: true, clientCertificate: CERT };
    const stored = destination({ ssl: { ...ssl, clientKey: KEY } });
    expect(reuseStoredDestinationSecrets(destination({ ssl }), stored)).toMatchObject({
      ok: true,
      value: { ssl: { clientKey: KEY } },
    });
    expect(reuseStoredDestinationSecrets(destination({ ssl, bootstrapServers: 'evil:9093' }), stored)).toEqual({
      ok: false,
      issues: [
        { field: 'destination.ssl.clientKey', message: 'Type the Private Key again: the Bootstrap Servers changed' },
      ],
    });
    expect(
      reuseStoredDestinationSecrets(destination({ ssl: { ...ssl, clientCertificate: OTHER_CERT } }), stored),
    ).toMatchObject({ ok: false, issues: [{ message: 'Type the Private Key again: the Client Certificate changed' }] });
    // Without a client certificate there is no mutual TLS, so the key is simply not used.
    const withoutCertificate = reuseStoredDestinationSecrets(destination({ ssl: { isEnabled: true } }), stored);
    expect(withoutCertificate.ok && withoutCertificate.value.ssl.clientKey).toBeUndefined();
  });

  it('never fills a secret the form does not use, so switching mechanisms needs no retyping', () => {
    const reused = reuseStoredDestinationSecrets(
      destination({ bootstrapServers: 'elsewhere:9092', sasl: { mechanism: 'NONE' } }),
      storedScram,
    );
    expect(reused.ok).toBe(true);
    expect(JSON.stringify(reused)).not.toContain('stored-pw');
  });

  it('answers the form as it is when nothing is stored', () => {
    expect(reuseStoredDestinationSecrets(destination(scram()), undefined)).toEqual({
      ok: true,
      value: destination(scram()),
    });
  });
});

const database = (input: object = {}) =>
  ZSourceInputSchema.parse({
    type: 'postgresql',
    host: 'db.example.com',
    port: 5432,
    database: 'shop',
    user: 'reader',
    table: 'orders',
    ...input,
  });
const storedDatabase = database({ password: 'db-pw', useSsl: true });

describe('reuseStoredSourcePassword', () => {
  it('fills a blank password for the same server, database and user', () => {
    const form = database({ host: 'DB.example.com', useSsl: true, table: undefined, query: 'select 1' });
    expect(reuseStoredSourcePassword(form, storedDatabase)).toMatchObject({ ok: true, value: { password: 'db-pw' } });
  });

  it.each([
    [{ host: 'evil.example.com' }, 'the Host'],
    [{ port: 6543 }, 'the Port'],
    [{ database: 'other' }, 'the Database'],
    [{ user: 'postgres' }, 'the User'],
    [{ type: 'mysql' }, 'the source type'],
    [{ useSsl: false }, 'Use SSL'],
  ])('refuses the stored password after %j', (change, label) => {
    expect(reuseStoredSourcePassword(database({ useSsl: true, ...change }), storedDatabase)).toEqual({
      ok: false,
      issues: [{ field: 'source.password', message: `Type the Password again: ${label} changed` }],
    });
  });

  it('uses a typed password, and leaves files and unsaved sources alone', () => {
    const typed = database({ host: 'elsewhere', password: 'typed' });
    expect(reuseStoredSourcePassword(typed, storedDatabase)).toEqual({ ok: true, value: typed });
    expect(reuseStoredSourcePassword(database(), null)).toEqual({ ok: true, value: database() });
    expect(reuseStoredSourcePassword(database(), database())).toEqual({ ok: true, value: database() });
  });
});
