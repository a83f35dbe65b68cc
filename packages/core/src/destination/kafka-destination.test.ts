import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { toFieldIssues } from '../validation.ts';
import {
  ZKafkaDestinationInputSchema,
  ZKafkaDestinationViewSchema,
  ZResolvedKafkaDestinationSchema,
} from './kafka-destination.ts';

const base = { type: 'kafka-topic', bootstrapServers: 'localhost:9092', topic: 'orders', sasl: { mechanism: 'NONE' } };

function issues(input: unknown, schema: z.ZodType = ZKafkaDestinationInputSchema) {
  const result = schema.safeParse(input);
  return result.success ? [] : toFieldIssues(result.error);
}

describe('Kafka Topic destination schema', () => {
  it('defaults to no TLS and the OAUTHBEARER mechanism', () => {
    const parsed = ZKafkaDestinationInputSchema.parse({
      ...base,
      sasl: { mechanism: 'OAUTHBEARER', principal: 'svc' },
    });
    expect(parsed.ssl).toMatchObject({ isEnabled: false, skipVerification: false });
    expect(parsed.sasl.mechanism).toBe('OAUTHBEARER');
  });

  it('checks a missing SASL block as the default mechanism, naming its required field', () => {
    const { sasl: _omitted, ...withoutSasl } = base;
    expect(issues(withoutSasl)).toEqual([{ field: 'sasl.principal', message: 'Principal Name is required' }]);
  });

  it('normalises Bootstrap Servers and trims the topic', () => {
    const parsed = ZKafkaDestinationInputSchema.parse({
      ...base,
      bootstrapServers: ' a , b:1 ',
      topic: ' orders ',
      sasl: { mechanism: 'NONE' },
    });
    expect(parsed).toMatchObject({ bootstrapServers: 'a:9092,b:1', topic: 'orders' });
  });

  it('names the field and the problem for each rejection', () => {
    expect(issues({ ...base, bootstrapServers: 'a:0,,a' })).toEqual([
      { field: 'bootstrapServers', message: 'Bootstrap Servers: "a:0": the port 0 is outside 1–65535' },
      {
        field: 'bootstrapServers',
        message: 'Bootstrap Servers: entry 2 is empty (check for a doubled or trailing comma)',
      },
    ]);
    expect(issues({ ...base, topic: '..' })).toEqual([{ field: 'topic', message: 'Topic Name cannot be ".."' }]);
    expect(issues({ ...base, topic: undefined })).toEqual([{ field: 'topic', message: 'Topic Name is required' }]);
    expect(issues({ ...base, bootstrapServers: undefined })).toEqual([
      { field: 'bootstrapServers', message: 'Bootstrap Servers is required' },
    ]);
    expect(issues({ ...base, type: 'rabbitmq' })).toEqual([
      { field: 'type', message: 'Destination must be Kafka Topic' },
    ]);
    expect(issues({ ...base, sasl: { mechanism: 'GSSAPI' } })).toEqual([
      {
        field: 'sasl.mechanism',
        message:
          'SASL Mechanism must be one of: None, PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, OAUTHBEARER (OIDC)',
      },
    ]);
    expect(issues({ ...base, sasl: { mechanism: 'SCRAM-SHA-512', username: ' ' } })).toEqual([
      { field: 'sasl.username', message: 'Username is required' },
    ]);
    expect(issues({ ...base, sasl: { mechanism: 'OAUTHBEARER', principal: '' } })).toEqual([
      { field: 'sasl.principal', message: 'Principal Name is required' },
    ]);
    expect(issues({ ...base, sasl: { mechanism: 'OAUTHBEARER', principal: 'svc', lifetimeSeconds: 10 } })).toEqual([
      { field: 'sasl.lifetimeSeconds', message: 'Token Lifetime must be at least 60 seconds' },
    ]);
    expect(
      issues({
        ...base,
        sasl: {
          mechanism: 'OAUTHBEARER',
          principal: 'svc',
          extensions: [
            { key: 'logicalCluster', value: 'lkc-1' },
            { key: 'logicalCluster', value: 'lkc-2' },
            { key: 'auth', value: 'x' },
            { key: 'pool id', value: 'x' },
          ],
        },
      }),
    ).toEqual([
      { field: 'sasl.extensions.2.key', message: 'The extension key "auth" is reserved' },
      { field: 'sasl.extensions.3.key', message: 'An extension key may contain only letters' },
      { field: 'sasl.extensions.1.key', message: 'The extension "logicalCluster" is listed twice' },
    ]);
    expect(
      issues({ ...base, sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: 'ftp://idp', clientId: '' } }),
    ).toEqual([
      { field: 'sasl.tokenEndpointUrl', message: 'Token Endpoint URL must be an http:// or https:// URL' },
      { field: 'sasl.clientId', message: 'Client ID is required' },
    ]);
    expect(issues({ ...base, ssl: { isEnabled: true, caCertificate: 'not a pem' } })).toEqual([
      {
        field: 'ssl.caCertificate',
        message: 'CA Certificate must be PEM text starting with -----BEGIN CERTIFICATE-----',
      },
    ]);
  });

  it('accepts a blank secret on input (it keeps the stored one) but the resolved form requires it', () => {
    const input = { ...base, sasl: { mechanism: 'PLAIN', username: 'alice', password: '' } };
    expect(issues(input)).toEqual([]);
    expect(issues(input, ZResolvedKafkaDestinationSchema)).toEqual([
      { field: 'sasl.password', message: 'Password is required' },
    ]);
    const oidc = {
      ...base,
      sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: 'https://idp/token', clientId: 'c' },
    };
    expect(issues(oidc, ZResolvedKafkaDestinationSchema)).toEqual([
      { field: 'sasl.clientSecret', message: 'Client Secret is required' },
    ]);
  });

  it('requires a client certificate and key together, each as PEM', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(
      issues(
        { ...base, sasl: { mechanism: 'NONE' }, ssl: { isEnabled: true, clientCertificate: cert } },
        ZResolvedKafkaDestinationSchema,
      ),
    ).toEqual([{ field: 'ssl.clientKey', message: 'Mutual TLS needs both a Client Certificate and its Private Key' }]);
    expect(
      issues(
        {
          ...base,
          sasl: { mechanism: 'NONE' },
          ssl: { isEnabled: true, clientCertificate: cert, clientKey: 'secret' },
        },
        ZResolvedKafkaDestinationSchema,
      ),
    ).toEqual([
      { field: 'ssl.clientKey', message: 'Private Key must be PEM text starting with -----BEGIN PRIVATE KEY-----' },
    ]);
  });

  it('shows secrets only as set or not set in the view', () => {
    const view = ZKafkaDestinationViewSchema.parse({
      ...base,
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'alice', password: { isSet: true } },
      ssl: { isEnabled: true, clientKey: { isSet: false }, skipVerification: false },
    });
    expect(view.sasl).toEqual({ mechanism: 'SCRAM-SHA-256', username: 'alice', password: { isSet: true } });
    expect(
      issues(
        { ...base, sasl: { mechanism: 'PLAIN', username: 'a', password: 'plain-text' } },
        ZKafkaDestinationViewSchema,
      ),
    ).toContainEqual({ field: 'sasl.password', message: 'Invalid input: expected object, received string' });
  });
});

describe('Token Endpoint URL', () => {
  it('says only that it is required when empty', () => {
    const result = ZKafkaDestinationInputSchema.safeParse({
      type: 'kafka-topic',
      bootstrapServers: 'b',
      topic: 't',
      sasl: { mechanism: 'OAUTHBEARER_OIDC', tokenEndpointUrl: '', clientId: 'c' },
    });
    expect(result.success ? [] : toFieldIssues(result.error)).toEqual([
      { field: 'sasl.tokenEndpointUrl', message: 'Token Endpoint URL is required' },
    ]);
  });
});
