import { z } from 'zod';
import { storableText, storableTextProblem, type TTextKind } from '../storable-text.ts';
import { normalizeBootstrapServers, parseBootstrapServers } from './bootstrap-servers.ts';
import { topicNameProblem } from './topic-name.ts';

export const DESTINATION_TYPES = ['kafka-topic'] as const;
export const ZDestinationTypeSchema = z.enum(DESTINATION_TYPES);
export const DESTINATION_TYPE_LABELS: Record<(typeof DESTINATION_TYPES)[number], string> = {
  'kafka-topic': 'Kafka Topic',
};

export const SASL_MECHANISMS = [
  'NONE',
  'PLAIN',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'OAUTHBEARER',
  'OAUTHBEARER_OIDC',
] as const;
export type TSaslMechanism = (typeof SASL_MECHANISMS)[number];
export const SASL_MECHANISM_LABELS: Record<TSaslMechanism, string> = {
  NONE: 'None',
  PLAIN: 'PLAIN',
  'SCRAM-SHA-256': 'SCRAM-SHA-256',
  'SCRAM-SHA-512': 'SCRAM-SHA-512',
  OAUTHBEARER: 'OAUTHBEARER',
  OAUTHBEARER_OIDC: 'OAUTHBEARER (OIDC)',
};
export const DEFAULT_SASL_MECHANISM: TSaslMechanism = 'OAUTHBEARER';

/** Paths of every secret in a destination; the only fields that are encrypted and never returned. */
export const KAFKA_SECRET_FIELDS = ['ssl.clientKey', 'sasl.password', 'sasl.clientSecret'] as const;
export type TKafkaSecretField = (typeof KAFKA_SECRET_FIELDS)[number];

export const ZSecretStatusSchema = z.object({ isSet: z.boolean() });

const required = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .superRefine(storableText(label));

const optionalText = (label: string, kind: TTextKind = 'line') =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .superRefine(storableText(label, kind))
    .optional()
    .transform((value) => (value ? value : undefined));

function pem(label: string, kinds: RegExp, example: string) {
  return optionalText(label, 'text').refine(
    (value) => value === undefined || (kinds.test(value) && /-----END [A-Z ]+-----/.test(value)),
    `${label} must be PEM text starting with ${example}`,
  );
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** RFC 7628 § 3.1: extension keys are letters only, `auth` is reserved; values are printable. */
const ZSaslExtensionSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z]+$/, 'An extension key may contain only letters')
    .refine((key) => key !== 'auth', 'The extension key "auth" is reserved'),
  value: z.string().regex(/^[\x20-\x7E\t\r\n]*$/, 'An extension value may contain only printable ASCII'),
});

const ZSaslExtensionsSchema = z
  .array(ZSaslExtensionSchema)
  .default([])
  .superRefine((extensions, ctx) => {
    const seen = new Set<string>();
    extensions.forEach((extension, index) => {
      if (seen.has(extension.key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `The extension "${extension.key}" is listed twice`,
        });
      }
      seen.add(extension.key);
    });
  });

const ZTokenEndpointSchema = z
  .string({ error: 'Token Endpoint URL is required' })
  .trim()
  .min(1, 'Token Endpoint URL is required')
  .superRefine(storableText('Token Endpoint URL'))
  .refine((value) => {
    // An empty value already has its "required" message.
    if (value === '') return true;
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Token Endpoint URL must be an http:// or https:// URL');

/**
 * The Kafka Topic destination as submitted, built around how a secret is represented: what the
 * user typed (blank keeps the stored value) or the resolved value.
 */
export function kafkaDestinationSchema<Secret extends z.ZodType>(secret: (label: string, kind: TTextKind) => Secret) {
  const ssl = z
    .object({
      isEnabled: z.boolean().default(false),
      caCertificate: pem('CA Certificate', CERTIFICATE, '-----BEGIN CERTIFICATE-----'),
      clientCertificate: pem('Client Certificate', CERTIFICATE, '-----BEGIN CERTIFICATE-----'),
      clientKey: secret('Private Key', 'text'),
      /** Accepts any broker certificate: encrypted but not authenticated. The UI warns loudly. */
      skipVerification: z.boolean().default(false),
    })
    .default({
      isEnabled: false,
      caCertificate: undefined,
      clientCertificate: undefined,
      skipVerification: false,
    } as never);

  const sasl = z.discriminatedUnion(
    'mechanism',
    [
      z.object({ mechanism: z.literal('NONE') }),
      z.object({ mechanism: z.literal('PLAIN'), username: required('Username'), password: secret('Password', 'raw') }),
      z.object({
        mechanism: z.literal('SCRAM-SHA-256'),
        username: required('Username'),
        password: secret('Password', 'raw'),
      }),
      z.object({
        mechanism: z.literal('SCRAM-SHA-512'),
        username: required('Username'),
        password: secret('Password', 'raw'),
      }),
      z.object({
        mechanism: z.literal('OAUTHBEARER'),
        principal: required('Principal Name'),
        scope: optionalText('Scope'),
        lifetimeSeconds: z.coerce
          .number()
          .int('Token Lifetime must be a whole number of seconds')
          .min(60, 'Token Lifetime must be at least 60 seconds')
          .max(86_400, 'Token Lifetime must be at most 86400 seconds (one day)')
          .default(3_600),
        extensions: ZSaslExtensionsSchema,
      }),
      z.object({
        mechanism: z.literal('OAUTHBEARER_OIDC'),
        tokenEndpointUrl: ZTokenEndpointSchema,
        clientId: required('Client ID'),
        clientSecret: secret('Client Secret', 'raw'),
        scope: optionalText('Scope'),
        extensions: ZSaslExtensionsSchema,
      }),
    ],
    { error: () => `SASL Mechanism must be one of: ${Object.values(SASL_MECHANISM_LABELS).join(', ')}` },
  );

  return z.object({
    type: z.literal('kafka-topic', { error: 'Destination must be Kafka Topic' }),
    bootstrapServers: z
      .string({ error: 'Bootstrap Servers is required' })
      .superRefine((value, ctx) => {
        const problem = storableTextProblem(value, 'line');
        if (problem) {
          ctx.addIssue({ code: 'custom', message: `Bootstrap Servers ${problem}` });
          return;
        }
        const parsed = parseBootstrapServers(value);
        if (!parsed.ok)
          for (const message of parsed.errors)
            ctx.addIssue({ code: 'custom', message: `Bootstrap Servers: ${message}` });
      })
      .transform(normalizeBootstrapServers),
    topic: z
      .string({ error: 'Topic Name is required' })
      .trim()
      .superRefine((value, ctx) => {
        const problem = topicNameProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ssl,
    // prefault, not default: a missing SASL block is the default mechanism, still validated, so its
    // required fields are named (zod returns a `.default` value without checking it).
    sasl: sasl.prefault({ mechanism: DEFAULT_SASL_MECHANISM } as never),
  });
}

/** What a user submits; a blank or missing secret keeps the stored one. */
export const ZKafkaDestinationInputSchema = kafkaDestinationSchema(optionalText);
export type TKafkaDestinationInput = z.input<typeof ZKafkaDestinationInputSchema>;
export type TKafkaDestination = z.output<typeof ZKafkaDestinationInputSchema>;

const ZExtensionsViewSchema = z.array(z.object({ key: z.string(), value: z.string() }));

/**
 * What the API answers: the stored (already normalised) destination, each secret only as set or
 * not set. No transforms, since response schemas are also used to encode.
 */
export const ZKafkaDestinationViewSchema = z.object({
  type: z.literal('kafka-topic'),
  bootstrapServers: z.string(),
  topic: z.string(),
  ssl: z.object({
    isEnabled: z.boolean(),
    caCertificate: z.string().optional(),
    clientCertificate: z.string().optional(),
    clientKey: ZSecretStatusSchema,
    skipVerification: z.boolean(),
  }),
  sasl: z.discriminatedUnion('mechanism', [
    z.object({ mechanism: z.literal('NONE') }),
    z.object({ mechanism: z.literal('PLAIN'), username: z.string(), password: ZSecretStatusSchema }),
    z.object({ mechanism: z.literal('SCRAM-SHA-256'), username: z.string(), password: ZSecretStatusSchema }),
    z.object({ mechanism: z.literal('SCRAM-SHA-512'), username: z.string(), password: ZSecretStatusSchema }),
    z.object({
      mechanism: z.literal('OAUTHBEARER'),
      principal: z.string(),
      scope: z.string().optional(),
      lifetimeSeconds: z.number().int(),
      extensions: ZExtensionsViewSchema,
    }),
    z.object({
      mechanism: z.literal('OAUTHBEARER_OIDC'),
      tokenEndpointUrl: z.string(),
      clientId: z.string(),
      clientSecret: ZSecretStatusSchema,
      scope: z.string().optional(),
      extensions: ZExtensionsViewSchema,
    }),
  ]),
});
export type TKafkaDestinationView = z.infer<typeof ZKafkaDestinationViewSchema>;

/**
 * A destination with stored secrets merged in, ready for a Kafka client: secrets the chosen
 * mechanism needs must be present.
 */
export const ZResolvedKafkaDestinationSchema = ZKafkaDestinationInputSchema.superRefine((destination, ctx) => {
  const { sasl, ssl } = destination;
  if ((sasl.mechanism === 'PLAIN' || sasl.mechanism.startsWith('SCRAM')) && !('password' in sasl && sasl.password)) {
    ctx.addIssue({ code: 'custom', path: ['sasl', 'password'], message: 'Password is required' });
  }
  if (sasl.mechanism === 'OAUTHBEARER_OIDC' && !sasl.clientSecret) {
    ctx.addIssue({ code: 'custom', path: ['sasl', 'clientSecret'], message: 'Client Secret is required' });
  }
  if (ssl.clientKey && !(PRIVATE_KEY.test(ssl.clientKey) && /-----END [A-Z ]+-----/.test(ssl.clientKey))) {
    ctx.addIssue({
      code: 'custom',
      path: ['ssl', 'clientKey'],
      message: 'Private Key must be PEM text starting with -----BEGIN PRIVATE KEY-----',
    });
  }
  if (ssl.isEnabled && Boolean(ssl.clientCertificate) !== Boolean(ssl.clientKey)) {
    const path = ssl.clientCertificate ? ['ssl', 'clientKey'] : ['ssl', 'clientCertificate'];
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'Mutual TLS needs both a Client Certificate and its Private Key',
    });
  }
});
