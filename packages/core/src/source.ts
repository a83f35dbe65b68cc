import { z } from 'zod';
import { storableText } from './storable-text.ts';

export const ZDelimitedSourceSchema = z.object({
  type: z.literal('delimited-file'),
  /** The uploaded file (`POST /api/source-files`), stored in the database. */
  fileId: z.uuid({ error: 'Upload a file' }),
  // Any character may delimit (tab, or the ASCII unit separator U+001F), but not NUL.
  delimiter: z
    .string()
    .min(1, 'Delimiter is required')
    .max(4, 'Delimiter must be at most 4 characters')
    .superRefine(storableText('Delimiter', 'raw'))
    .default(','),
  quote: z.string().max(1, 'Quote must be one character').superRefine(storableText('Quote', 'raw')).default('"'),
  escape: z.string().max(1, 'Escape must be one character').superRefine(storableText('Escape', 'raw')).default('"'),
  hasHeaderRow: z.boolean().default(true),
  encoding: z
    .enum(['utf8', 'utf16le', 'latin1', 'ascii'], { error: 'Encoding must be utf8, utf16le, latin1 or ascii' })
    .default('utf8'),
  skipLines: z.number().int().min(0, 'Skip Lines cannot be negative').default(0),
});
export type TDelimitedSource = z.output<typeof ZDelimitedSourceSchema>;

/** The fields of a database source (PostgreSQL, MySQL); spread into each type's object. */
export const DATABASE_CONNECTION_FIELDS = {
  host: z
    .string()
    .trim()
    .min(1, 'Host is required')
    .max(253, 'Host must be at most 253 characters')
    .superRefine(storableText('Host')),
  port: z.coerce.number().int().min(1, 'Port must be 1–65535').max(65535, 'Port must be 1–65535'),
  database: z.string().trim().min(1, 'Database is required').superRefine(storableText('Database')),
  user: z.string().trim().min(1, 'User is required').superRefine(storableText('User')),
  password: z.string().superRefine(storableText('Password', 'raw')).optional(),
  useSsl: z.boolean().default(false),
  /** Either a table (`schema.name` or `name`) or a SELECT query. */
  table: z.string().trim().superRefine(storableText('Table')).optional(),
  query: z.string().trim().superRefine(storableText('Query', 'text')).optional(),
};

export const requireTableOrQuery = <T extends { table?: string | undefined; query?: string | undefined }>(
  source: T,
  ctx: z.RefinementCtx,
) => {
  if (Boolean(source.table) === Boolean(source.query)) {
    ctx.addIssue({ code: 'custom', path: ['table'], message: 'Give either a table or a SELECT query' });
  }
  if (source.query && !/^\s*(select|with)\b/i.test(source.query)) {
    ctx.addIssue({ code: 'custom', path: ['query'], message: 'The query must be a SELECT (or WITH … SELECT)' });
  }
};

export const ZPostgresSourceSchema = z
  .object({ type: z.literal('postgresql'), ...DATABASE_CONNECTION_FIELDS })
  .superRefine(requireTableOrQuery);
export type TPostgresSource = z.output<typeof ZPostgresSourceSchema>;

export const ZMysqlSourceSchema = z
  .object({ type: z.literal('mysql'), ...DATABASE_CONNECTION_FIELDS })
  .superRefine(requireTableOrQuery);
export type TMysqlSource = z.output<typeof ZMysqlSourceSchema>;

/** The connection fields of a database source from a `postgresql://` or `mysql://` URL. */
export function databaseConnectionFromUrl(url: string) {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol.startsWith('mysql') ? 3306 : 5432;
  return {
    host: parsed.hostname,
    port: Number(parsed.port || defaultPort),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password) || undefined,
  };
}
