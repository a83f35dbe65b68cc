import type { Prisma } from './generated/prisma/client.ts';

/**
 * PostgreSQL's text and jsonb cannot hold U+0000 (22021, 22P05), jsonb refuses a lone UTF-16
 * surrogate (22P02) and text silently turns one into U+FFFD. Source rows and the messages of
 * errors about them may carry either.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is one of the characters to find
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Longer texts are cut: a row error or log line shows what went wrong, not a whole file. */
export const MAX_STORED_TEXT_CHARS = 65_536;

/**
 * Text from source content or error messages as PostgreSQL can store it: U+0000 and lone
 * surrogates written as the JSON escape `\u0000`, `\ud800` (what the UI and CSV show), and cut
 * after MAX_STORED_TEXT_CHARS characters with a note of the full length.
 */
export function toStorableText(text: string): string {
  const kept =
    text.length > MAX_STORED_TEXT_CHARS
      ? `${text.slice(0, MAX_STORED_TEXT_CHARS)}… (${text.length.toLocaleString('en-US')} characters in all)`
      : text;
  return kept.replace(UNSTORABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function storableDeep(value: unknown): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(storableDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [toStorableText(key), storableDeep(item)]));
  }
  return value;
}

/**
 * Values (a source row) as jsonb can store them: bigint, NaN and Infinity kept as text, and every
 * string and key made storable as by toStorableText.
 */
export function toStorableJson(values: Record<string, unknown>): Prisma.InputJsonObject {
  const plain: unknown = JSON.parse(
    JSON.stringify(values, (_key, value: unknown) =>
      typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value)) ? String(value) : value,
    ),
  );
  return storableDeep(plain) as Prisma.InputJsonObject;
}
