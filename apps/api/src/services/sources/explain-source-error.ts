import type { TSource } from '@tributary/core';
import { SourceReadError } from '@tributary/sources';

/**
 * A plain-language reason (and what to try) for a failed source connection or read, and the
 * source field to change when the reader knows it.
 */
export function explainSourceError(
  error: unknown,
  source: TSource,
): { message: string; hint?: string; field?: string } {
  if (error instanceof SourceReadError) return { message: error.message, field: error.field };
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  if (source.type === 'delimited-file') {
    return { message: `The file cannot be read: ${text}`, hint: 'Check the delimiter, quote and encoding settings' };
  }
  const where = `${source.host}:${source.port}`;
  if (code === 'ECONNREFUSED')
    return { message: `Nothing accepts connections at ${where}`, hint: 'Check the host and port' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { message: `The host "${source.host}" cannot be resolved`, hint: 'Check the host name' };
  if (code === 'ETIMEDOUT' || /timeout/i.test(text))
    return { message: `No answer from ${where} in time`, hint: 'Check the host, port and firewall' };
  if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR') {
    return { message: `The database refused user "${source.user}": ${text}`, hint: 'Check the user and password' };
  }
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR')
    return { message: `The database "${source.database}" does not exist` };
  if (code === '42P01' || code === 'ER_NO_SUCH_TABLE') {
    return { message: `The table does not exist: ${text}`, hint: 'Give the table as schema.name or name' };
  }
  if (code === '42601' || code === 'ER_PARSE_ERROR') return { message: `The query does not parse: ${text}` };
  return { message: `The source cannot be read: ${text}` };
}
