import { parseBootstrapServers, formatBrokerAddress } from './destination/bootstrap-servers.ts';
import { joinDestinationSecrets, splitDestinationSecrets, usesSecretField } from './destination/destination-secrets.ts';
import {
  KAFKA_SECRET_FIELDS,
  type TKafkaDestination,
  type TKafkaSecretField,
} from './destination/kafka-destination.ts';
import type { TSource } from './source-input.ts';
import type { TFieldIssue } from './validation.ts';

/*
 * The one rule for filling a form's blank secret from a sync's stored one. A stored secret was
 * typed for a place and an identity; it is reused only while every setting that says where it
 * (or what it buys, such as an OIDC access token) is sent, and as whom, is unchanged or stricter.
 * Otherwise whoever may edit a sync could point it at their own server and receive the secret.
 */

export type TSecretReuse<T> = { ok: true; value: T } | { ok: false; issues: TFieldIssue[] };

/** A setting a stored secret is bound to, and whether the form keeps it (the same, or stricter). */
interface Binding<T> {
  /** As it reads in "Type the Password again: the Host changed". */
  label: string;
  isKept(stored: T, form: T): boolean;
}

type DestinationBinding = Binding<TKafkaDestination>;

const brokerKeys = (destination: TKafkaDestination): string[] | undefined => {
  const parsed = parseBootstrapServers(destination.bootstrapServers);
  return parsed.ok
    ? parsed.servers.map((server) => formatBrokerAddress({ ...server, host: server.host.toLowerCase() }))
    : undefined;
};

/** Every broker the form names is one the secret was stored for; dropping one is fine. */
const bootstrapServers: DestinationBinding = {
  label: 'the Bootstrap Servers',
  isKept(stored, form) {
    const [before, after] = [brokerKeys(stored), brokerKeys(form)];
    return before !== undefined && after !== undefined && after.every((broker) => before.includes(broker));
  },
};

const saslField = (destination: TKafkaDestination, key: string): unknown =>
  (destination.sasl as Record<string, unknown>)[key];

const sameSasl = (key: string, label: string): DestinationBinding => ({
  label,
  isKept: (stored, form) => saslField(stored, key) === saslField(form, key),
});

const tokenEndpoint = (destination: TKafkaDestination): string | undefined => {
  const url = saslField(destination, 'tokenEndpointUrl');
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
};

const pemText = (pem: string | undefined) => pem?.replace(/\s+/g, '') ?? '';

/** Turning TLS on is stricter; turning it off would send the secret in the clear. */
const tlsEnabled: DestinationBinding = {
  label: 'Use SSL',
  isKept: (stored, form) => form.ssl.isEnabled || !stored.ssl.isEnabled,
};

/** Another CA trusts other servers; without TLS before, any TLS is stricter. */
const caCertificate: DestinationBinding = {
  label: 'the CA Certificate',
  isKept: (stored, form) =>
    !stored.ssl.isEnabled ||
    !form.ssl.isEnabled ||
    pemText(stored.ssl.caCertificate) === pemText(form.ssl.caCertificate),
};

const certificateCheck: DestinationBinding = {
  label: 'Skip certificate verification',
  isKept: (stored, form) =>
    !stored.ssl.isEnabled || !form.ssl.isEnabled || !form.ssl.skipVerification || stored.ssl.skipVerification,
};

/** What decides which brokers receive a secret, or a token bought with it, and who could read it on the way. */
const brokerTransport = [bootstrapServers, tlsEnabled, caCertificate, certificateCheck];

const DESTINATION_SECRET_BINDINGS: Record<TKafkaSecretField, { label: string; bindings: DestinationBinding[] }> = {
  // PLAIN sends the password itself, SCRAM only proofs of it: the mechanism is part of the binding.
  'sasl.password': {
    label: 'Password',
    bindings: [sameSasl('mechanism', 'the SASL Mechanism'), sameSasl('username', 'the Username'), ...brokerTransport],
  },
  // The secret goes to the token endpoint; the token it buys goes to the brokers.
  'sasl.clientSecret': {
    label: 'Client Secret',
    bindings: [
      sameSasl('mechanism', 'the SASL Mechanism'),
      {
        label: 'the Token Endpoint URL',
        isKept: (stored, form) => tokenEndpoint(stored) === tokenEndpoint(form),
      },
      sameSasl('clientId', 'the Client ID'),
      ...brokerTransport,
    ],
  },
  // The key signs TLS handshakes as the certificate's subject, with the brokers it was stored for.
  'ssl.clientKey': {
    label: 'Private Key',
    bindings: [
      bootstrapServers,
      {
        label: 'the Client Certificate',
        isKept: (stored, form) => pemText(stored.ssl.clientCertificate) === pemText(form.ssl.clientCertificate),
      },
    ],
  },
};

function listLabels(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function refusal<T>(field: string, secretLabel: string, stored: T, form: T, bindings: Binding<T>[]) {
  const changed = bindings.filter((binding) => !binding.isKept(stored, form)).map((binding) => binding.label);
  return changed.length === 0
    ? undefined
    : { field, message: `Type the ${secretLabel} again: ${listLabels(changed)} changed` };
}

/** A secret the form's settings would send: a private key only goes with a client certificate. */
function needsSecret(form: TKafkaDestination, field: TKafkaSecretField): boolean {
  if (field === 'ssl.clientKey' && !form.ssl.clientCertificate) return false;
  return usesSecretField(form, field);
}

/**
 * The form's destination with each blank secret it needs taken from `stored` (the sync's
 * destination with its secrets), or, for each secret whose binding settings changed, an issue
 * naming `destination.<secret>`. Typed secrets are always used as typed.
 */
export function reuseStoredDestinationSecrets(
  form: TKafkaDestination,
  stored: TKafkaDestination | undefined,
): TSecretReuse<TKafkaDestination> {
  if (!stored) return { ok: true, value: form };
  const typed = splitDestinationSecrets(form).secrets;
  const kept = splitDestinationSecrets(stored).secrets;
  const reused: Partial<Record<TKafkaSecretField, string>> = {};
  const issues: TFieldIssue[] = [];
  for (const field of KAFKA_SECRET_FIELDS) {
    const value = kept[field];
    if (typed[field] !== undefined || value === undefined || !needsSecret(form, field)) continue;
    const { label, bindings } = DESTINATION_SECRET_BINDINGS[field];
    const issue = refusal(`destination.${field}`, label, stored, form, bindings);
    if (issue) issues.push(issue);
    else reused[field] = value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: joinDestinationSecrets(form, reused) };
}

type DatabaseSource = Exclude<TSource, { type: 'delimited-file' }>;

const SOURCE_PASSWORD_BINDINGS: Binding<DatabaseSource>[] = [
  { label: 'the source type', isKept: (stored, form) => stored.type === form.type },
  { label: 'the Host', isKept: (stored, form) => stored.host.toLowerCase() === form.host.toLowerCase() },
  { label: 'the Port', isKept: (stored, form) => stored.port === form.port },
  { label: 'the Database', isKept: (stored, form) => stored.database === form.database },
  { label: 'the User', isKept: (stored, form) => stored.user === form.user },
  { label: 'Use SSL', isKept: (stored, form) => form.useSsl || !stored.useSsl },
];

/**
 * The form's source with a blank database password taken from `stored` (the sync's source with
 * its password), or an issue naming `source.password` when the server or user changed.
 */
export function reuseStoredSourcePassword(form: TSource, stored: TSource | null | undefined): TSecretReuse<TSource> {
  if (form.type === 'delimited-file' || form.password || !stored || stored.type === 'delimited-file') {
    return { ok: true, value: form };
  }
  if (!stored.password) return { ok: true, value: form };
  const issue = refusal('source.password', 'Password', stored, form, SOURCE_PASSWORD_BINDINGS);
  return issue ? { ok: false, issues: [issue] } : { ok: true, value: { ...form, password: stored.password } };
}
