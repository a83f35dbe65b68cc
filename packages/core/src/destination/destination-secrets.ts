import {
  KAFKA_SECRET_FIELDS,
  type TKafkaDestination,
  type TKafkaDestinationView,
  type TKafkaSecretField,
} from './kafka-destination.ts';

export type DestinationSecrets = Partial<Record<TKafkaSecretField, string>>;

type Loose = Record<string, unknown>;

function read(object: Loose, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Loose | undefined)?.[key], object);
}

/** Copies `object` with `path` set to `value` (or removed when undefined), creating parents. */
function write<T>(object: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...(object as Loose) };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else if (copy[head] !== undefined) {
    copy[head] = write(copy[head], rest.join('.'), value);
  }
  return copy as T;
}

/** The destination without its secrets (what is stored in clear), and the secrets apart. */
export function splitDestinationSecrets(destination: TKafkaDestination): {
  config: TKafkaDestination;
  secrets: DestinationSecrets;
} {
  let config = destination;
  const secrets: DestinationSecrets = {};
  for (const field of KAFKA_SECRET_FIELDS) {
    const value = read(destination as unknown as Loose, field);
    if (typeof value === 'string' && value !== '') secrets[field] = value;
    config = write(config, field, undefined);
  }
  return { config, secrets };
}

/**
 * Puts `secrets` into the blank secret fields `destination` uses; a typed value stays. For a stored
 * config and its own secrets: a form with a sync's stored secrets goes through
 * `reuseStoredDestinationSecrets`, which checks that the secrets still go where they went.
 */
export function joinDestinationSecrets(destination: TKafkaDestination, stored: DestinationSecrets): TKafkaDestination {
  let merged = destination;
  for (const field of KAFKA_SECRET_FIELDS) {
    // Only fields the chosen settings use: a stored PLAIN password never enters an OIDC config.
    if (!usesSecretField(merged, field)) continue;
    const typed = read(merged as unknown as Loose, field);
    if ((typed === undefined || typed === '') && stored[field] !== undefined)
      merged = write(merged, field, stored[field]);
  }
  return merged;
}

/** Whether the destination's mechanism and TLS settings have a place for `field`. */
export function usesSecretField(destination: TKafkaDestination, field: TKafkaSecretField): boolean {
  if (field === 'ssl.clientKey') return destination.ssl.isEnabled;
  if (field === 'sasl.password')
    return ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'].includes(destination.sasl.mechanism);
  return destination.sasl.mechanism === 'OAUTHBEARER_OIDC';
}

/** What the API shows: every secret the mechanism uses, as set or not set. */
export function destinationView(
  config: TKafkaDestination,
  secretsSet: ReadonlySet<TKafkaSecretField>,
): TKafkaDestinationView {
  let view = write(config, 'ssl.clientKey', { isSet: secretsSet.has('ssl.clientKey') }) as unknown as Loose;
  if (usesSecretField(config, 'sasl.password'))
    view = write(view, 'sasl.password', { isSet: secretsSet.has('sasl.password') });
  if (usesSecretField(config, 'sasl.clientSecret'))
    view = write(view, 'sasl.clientSecret', { isSet: secretsSet.has('sasl.clientSecret') });
  return view as unknown as TKafkaDestinationView;
}

/** Only the secrets the destination's mechanism and TLS settings use. */
export function usedSecrets(config: TKafkaDestination, secrets: DestinationSecrets): DestinationSecrets {
  return Object.fromEntries(
    Object.entries(secrets).filter(([field]) => usesSecretField(config, field as TKafkaSecretField)),
  );
}
