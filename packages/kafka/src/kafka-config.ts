import type { ConnectionOptions } from 'node:tls';
import { formatBrokerAddress, parseBootstrapServers, type TKafkaDestination } from '@tributary/core';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { fetchClientCredentialsToken } from './oidc-token.ts';
import { cacheToken } from './token-cache.ts';
import { buildUnsecuredJwt } from './unsecured-jwt.ts';

export interface KafkaClientOptions {
  clientId?: string;
  /** TCP + TLS connect timeout per broker. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries of kafkajs's own retrier; 0 for a diagnosis that must answer quickly. */
  retries?: number;
}

export function brokerList(bootstrapServers: string): string[] {
  const parsed = parseBootstrapServers(bootstrapServers);
  if (!parsed.ok) throw new Error(`Bootstrap Servers: ${parsed.errors.join('; ')}`);
  return parsed.servers.map(formatBrokerAddress);
}

export function buildTlsOptions(ssl: TKafkaDestination['ssl']): ConnectionOptions | undefined {
  if (!ssl.isEnabled) return undefined;
  return {
    ...(ssl.caCertificate && { ca: [ssl.caCertificate] }),
    ...(ssl.clientCertificate && { cert: ssl.clientCertificate }),
    ...(ssl.clientKey && { key: ssl.clientKey }),
    rejectUnauthorized: !ssl.skipVerification,
  };
}

const toKafkajsExtensions = (extensions: Array<{ key: string; value: string }>) =>
  extensions.length > 0 ? Object.fromEntries(extensions.map(({ key, value }) => [key, value])) : undefined;

/** The kafkajs SASL options for a destination; OAUTHBEARER tokens are cached and renewed. */
export function buildSaslOptions(sasl: TKafkaDestination['sasl']): SASLOptions | undefined {
  switch (sasl.mechanism) {
    case 'NONE':
      return undefined;
    case 'PLAIN':
      return { mechanism: 'plain', username: sasl.username, password: sasl.password ?? '' };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password ?? '' };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password ?? '' };
    case 'OAUTHBEARER': {
      const getToken = cacheToken(async () => buildUnsecuredJwt(sasl));
      const extensions = toKafkajsExtensions(sasl.extensions);
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await getToken()).value, ...(extensions && { extensions }) }),
      };
    }
    case 'OAUTHBEARER_OIDC': {
      const getToken = cacheToken(() =>
        fetchClientCredentialsToken({
          tokenEndpointUrl: sasl.tokenEndpointUrl,
          clientId: sasl.clientId,
          clientSecret: sasl.clientSecret ?? '',
          scope: sasl.scope,
        }),
      );
      const extensions = toKafkajsExtensions(sasl.extensions);
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await getToken()).value, ...(extensions && { extensions }) }),
      };
    }
  }
}

/** A kafkajs client config for a resolved Kafka Topic destination. */
export function buildKafkaConfig(destination: TKafkaDestination, options: KafkaClientOptions = {}): KafkaConfig {
  const ssl = buildTlsOptions(destination.ssl);
  const sasl = buildSaslOptions(destination.sasl);
  return {
    clientId: options.clientId ?? 'tributary',
    brokers: brokerList(destination.bootstrapServers),
    ...(ssl && { ssl }),
    ...(sasl && { sasl }),
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    authenticationTimeout: options.connectionTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
  };
}
