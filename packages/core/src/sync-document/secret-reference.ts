import { z } from 'zod';
import type { TKafkaSecretField } from '../destination/kafka-destination.ts';

/** Every secret of a sync: the destination's, and a database source's password. */
export type TSyncSecretField = TKafkaSecretField | 'source.password';

/** `${NAME}`: an environment variable of whoever applies the document, never the secret itself. */
const SECRET_REFERENCE = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

export const ZVariableNameSchema = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'A variable name may contain only capital letters, digits and _');

export const ZSecretReferenceSchema = z
  .string()
  .regex(
    SECRET_REFERENCE,
    'Write a secret as a ${NAME} reference to an environment variable (capital letters, digits and _), never the secret itself',
  );

export function variableOfReference(reference: string): string {
  const match = SECRET_REFERENCE.exec(reference);
  if (!match) throw new Error('not a ${NAME} secret reference');
  return match[1]!;
}

const FIELD_SUFFIX: Record<TSyncSecretField, string> = {
  'sasl.password': 'SASL_PASSWORD',
  'sasl.clientSecret': 'SASL_CLIENT_SECRET',
  'ssl.clientKey': 'SSL_CLIENT_KEY',
  'source.password': 'SOURCE_PASSWORD',
};

/** FNV-1a (32 bit): a short stable tag for a name that has no Latin letters or digits. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).toUpperCase().padStart(8, '0');
}

/**
 * The variable an export names for a secret: `TRIBUTARY_<SYNC>_<FIELD>`, SYNC being the sync's
 * name in capitals with accents dropped and every other run of characters made one `_`
 * (`Orders (EU)` → `ORDERS_EU`). Names that differ only in case or punctuation share a variable;
 * a document may use any other `${NAME}` instead.
 */
export function secretVariableName(syncName: string, field: TSyncSecretField): string {
  const part = syncName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `TRIBUTARY_${part || `SYNC_${shortHash(syncName)}`}_${FIELD_SUFFIX[field]}`;
}

export const secretReferenceTo = (variable: string) => `\${${variable}}`;
