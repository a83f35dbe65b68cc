import { resolve } from 'node:path';
import { describeFieldIssues, toFieldIssues, ZEmailSchema, ZNewPasswordSchema } from '@tributary/core';
import { z } from 'zod';

const ZPostgresUrlSchema = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgresql:// URL');

/** 100 MiB: a large export fits, and a mistaken multi-gigabyte upload does not fill the database. */
export const DEFAULT_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

const ZEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    /** When unset, an embedded PostgreSQL is started in `TRIBUTARY_DATA_DIR`. */
    DATABASE_URL: ZPostgresUrlSchema.optional(),
    TRIBUTARY_DATA_DIR: z.string().trim().min(1).default('.data'),
    /** Which parts this process runs: `all` (API, UI and worker), `api` or `worker`. */
    TRIBUTARY_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** 32-byte key (base64 or hex) that encrypts stored credentials; generated into the data folder when unset. */
    TRIBUTARY_SECRET_KEY: z
      .string()
      .trim()
      .refine(
        (value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, 'base64').length === 32,
        'must be 32 bytes as base64 (44 characters) or hex (64 characters)',
      )
      .optional(),
    /** Seconds after which pg-boss hands a job whose worker died to another worker. */
    TRIBUTARY_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(82_800).default(300),
    /** How often the worker runs pg-boss maintenance (which notices those jobs). */
    TRIBUTARY_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    /** pg-boss retries of a failed job attempt (each resumes from the checkpoint), with exponential backoff. */
    TRIBUTARY_JOB_RETRIES: z.coerce.number().int().min(0).max(100).default(5),
    /** Producer retries (kafkajs, exponential backoff) before a job attempt gives up on the brokers. */
    TRIBUTARY_PRODUCER_RETRIES: z.coerce.number().int().min(0).max(100).default(8),
    /** The largest source file an upload may store, in bytes (files are kept in PostgreSQL). */
    TRIBUTARY_UPLOAD_MAX_BYTES: z.coerce
      .number({ error: 'must be a number of bytes' })
      .int('must be a whole number of bytes')
      .min(1, 'must be at least 1 byte')
      .max(Number.MAX_SAFE_INTEGER)
      .default(DEFAULT_UPLOAD_MAX_BYTES),
    /** Longest one statement of an interactive source read (Test Connection, columns, preview) may run. */
    TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
    /** Longest one fetch of a job's source read (and the job's row count) may run; the job as a whole is not bounded. */
    TRIBUTARY_SOURCE_FETCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** Built UI to serve; the default is the Vite build output of apps/web. */
    TRIBUTARY_WEB_DIST: z.string().trim().min(1).optional(),
    /**
     * Which proxies' X-Forwarded-* headers to believe: `false` (none: the default, so nobody can
     * forge their address past the sign-in rate limit), `true` (any), a hop count, or a
     * comma-separated list of addresses/CIDRs.
     */
    TRIBUTARY_TRUST_PROXY: z
      .string()
      .trim()
      .transform((value, context): TrustProxy => {
        if (value === 'true' || value === 'false') return value === 'true';
        const addresses = value.split(',').map((part) => part.trim());
        if (addresses.every((part) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part))) return addresses.join(',');
        context.addIssue({
          code: 'custom',
          message: 'must be true, false, or comma-separated proxy addresses/CIDRs',
        });
        return z.NEVER;
      })
      .default(false),
    /** Bearer token that `GET /metrics` requires on the app's port; unset, that route answers 404. */
    TRIBUTARY_METRICS_TOKEN: z
      .string()
      .trim()
      .min(16, 'must be at least 16 characters (it guards the metrics)')
      .refine((value) => /^[\x21-\x7e]+$/.test(value), 'must be printable ASCII without spaces')
      .optional(),
    /** A second HTTP port on 127.0.0.1 serving only `/metrics` without a token (any role, workers too). */
    TRIBUTARY_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Unattended installs: the first admin, created at start while no user exists. */
    TRIBUTARY_ADMIN_EMAIL: ZEmailSchema.optional(),
    TRIBUTARY_ADMIN_PASSWORD: ZNewPasswordSchema.optional(),
  })
  .refine((env) => (env.TRIBUTARY_ADMIN_EMAIL === undefined) === (env.TRIBUTARY_ADMIN_PASSWORD === undefined), {
    message: 'set both TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD, or neither',
    path: ['TRIBUTARY_ADMIN_PASSWORD'],
  });

/** Fastify's `trustProxy`: whom to believe about the client's address and protocol. */
export type TrustProxy = boolean | string;

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  role: 'all' | 'api' | 'worker';
  logLevel: z.infer<typeof ZEnvSchema>['LOG_LEVEL'];
  webDist: string;
  secretKey: string | undefined;
  runsApi: boolean;
  runsWorker: boolean;
  trustProxy: TrustProxy;
  /** From TRIBUTARY_ADMIN_EMAIL / TRIBUTARY_ADMIN_PASSWORD; never logged. */
  firstAdmin: { email: string; password: string } | undefined;
  jobExpireSeconds: number;
  queueMaintenanceSeconds: number;
  jobRetries: number;
  producerRetries: number;
  /** Never logged. */
  metricsToken: string | undefined;
  metricsPort: number | undefined;
  uploadMaxBytes: number;
  sourceStatementTimeoutSeconds: number;
  sourceFetchTimeoutSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_WEB_DIST = new URL('../../web/dist', import.meta.url).pathname;

/** Parses the environment once at start; the error names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set" (compose files and shells often export `FOO=`).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ZEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${describeFieldIssues(toFieldIssues(parsed.error))}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.TRIBUTARY_DATA_DIR),
    role: e.TRIBUTARY_ROLE,
    logLevel: e.LOG_LEVEL,
    webDist: resolve(e.TRIBUTARY_WEB_DIST ?? DEFAULT_WEB_DIST),
    secretKey: e.TRIBUTARY_SECRET_KEY,
    runsApi: e.TRIBUTARY_ROLE !== 'worker',
    runsWorker: e.TRIBUTARY_ROLE !== 'api',
    trustProxy: e.TRIBUTARY_TRUST_PROXY,
    firstAdmin:
      e.TRIBUTARY_ADMIN_EMAIL && e.TRIBUTARY_ADMIN_PASSWORD
        ? { email: e.TRIBUTARY_ADMIN_EMAIL, password: e.TRIBUTARY_ADMIN_PASSWORD }
        : undefined,
    jobExpireSeconds: e.TRIBUTARY_JOB_EXPIRE_SECONDS,
    queueMaintenanceSeconds: e.TRIBUTARY_QUEUE_MAINTENANCE_SECONDS,
    jobRetries: e.TRIBUTARY_JOB_RETRIES,
    producerRetries: e.TRIBUTARY_PRODUCER_RETRIES,
    metricsToken: e.TRIBUTARY_METRICS_TOKEN,
    metricsPort: e.TRIBUTARY_METRICS_PORT,
    uploadMaxBytes: e.TRIBUTARY_UPLOAD_MAX_BYTES,
    sourceStatementTimeoutSeconds: e.TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS,
    sourceFetchTimeoutSeconds: e.TRIBUTARY_SOURCE_FETCH_TIMEOUT_SECONDS,
  };
}
