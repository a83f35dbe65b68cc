import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Field names whose values never reach a log line. Redaction by name covers request bodies
 * and config objects; values are also never interpolated into messages.
 */
export const REDACTED_FIELDS = [
  'password',
  'passwordHash',
  'secret',
  'clientSecret',
  'privateKey',
  'token',
  'accessToken',
  'authorization',
  'cookie',
  'csrfToken',
  'databaseUrl',
];

export function loggerOptions(level: string): LoggerOptions {
  const paths = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
  paths.push(
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
  );
  return { level, redact: { paths, censor: '[redacted]' } };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
