import { z } from 'zod';

export const ZDelimitedSourceSchema = z.object({
  type: z.literal('delimited-file'),
  /** The uploaded file (`POST /api/source-files`), stored in the database. */
  fileId: z.uuid({ error: 'Upload a file' }),
  delimiter: z.string().min(1, 'Delimiter is required').max(4, 'Delimiter must be at most 4 characters').default(','),
  quote: z.string().max(1, 'Quote must be one character').default('"'),
  escape: z.string().max(1, 'Escape must be one character').default('"'),
  hasHeaderRow: z.boolean().default(true),
  encoding: z
    .enum(['utf8', 'utf16le', 'latin1', 'ascii'], { error: 'Encoding must be utf8, utf16le, latin1 or ascii' })
    .default('utf8'),
  skipLines: z.number().int().min(0, 'Skip Lines cannot be negative').default(0),
});
export type TDelimitedSource = z.output<typeof ZDelimitedSourceSchema>;

/** The fields of a database source (PostgreSQL, MySQL); spread into each type's object. */
export const DATABASE_CONNECTION_FIELDS = {
  host: z.string().trim().min(1, 'Host is required'),
  port: z.coerce.number().int().min(1, 'Port must be 1–65535').max(65535, 'Port must be 1–65535'),
  database: z.string().trim().min(1, 'Database is required'),
  user: z.string().trim().min(1, 'User is required'),
  password: z.string().optional(),
  useSsl: z.boolean().default(false),
  /** Either a table (`schema.name` or `name`) or a SELECT query. */
  table: z.string().trim().optional(),
  query: z.string().trim().optional(),
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
