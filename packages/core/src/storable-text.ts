import type { z } from 'zod';

/**
 * What a text field may hold beyond printable characters:
 * - `line`: a name or other one-line value; no control characters at all.
 * - `text`: free text (descriptions, queries, PEM); tabs and line breaks allowed.
 * - `raw`: passwords, secrets and delimiters, where any character may be meant.
 * None may hold U+0000 (PostgreSQL text and jsonb cannot store it) or an unpaired UTF-16
 * surrogate (not Unicode: it would be stored as U+FFFD, silently changing the value).
 */
export type TTextKind = 'line' | 'text' | 'raw';

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const isLineBreakOrTab = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d;

/**
 * Why `value` cannot be stored as a field of this kind, e.g. `must not contain … found at
 * character 3`, for the first offending character; one pass over the string.
 */
export function storableTextProblem(value: string, kind: TTextKind = 'line'): string | undefined {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0) return `must not contain a NUL character (U+0000); found at character ${index + 1}`;
    if (isHighSurrogate(code) && isLowSurrogate(value.charCodeAt(index + 1))) {
      index += 1;
      continue;
    }
    if (isHighSurrogate(code) || isLowSurrogate(code)) {
      return `must not contain an unpaired UTF-16 surrogate (${codePoint(code)}), which is not valid Unicode; found at character ${index + 1}`;
    }
    if (kind === 'raw' || !isControl(code) || (kind === 'text' && isLineBreakOrTab(code))) continue;
    return isLineBreakOrTab(code)
      ? `must not contain a tab or line break (${codePoint(code)}) since it is one line; found at character ${index + 1}`
      : `must not contain the control character ${codePoint(code)}; found at character ${index + 1}`;
  }
  return undefined;
}

/**
 * The refinement every user-typed string passes: `z.string().trim().superRefine(storableText('Name'))`.
 * The message names the field and the offending character, e.g. `Name must not contain a NUL character …`.
 */
export function storableText(label: string, kind: TTextKind = 'line') {
  return (value: string, ctx: z.RefinementCtx<string>) => {
    const problem = storableTextProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: `${label} ${problem}` });
  };
}

/** Longer texts from source content are cut: a row error or log line shows what went wrong, not a whole file. */
export const MAX_STORED_TEXT_CHARS = 65_536;

const escapeCodeUnit = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/**
 * Text that comes from source content or error messages (not typed by a user, so not refused) as
 * PostgreSQL can store it: U+0000 and unpaired surrogates written as their JSON escapes
 * (`\u0000`, `\ud800`, which the UI and the errors CSV show as they are), and cut after
 * MAX_STORED_TEXT_CHARS characters with a note of the full length.
 */
export function toStorableText(text: string): string {
  const kept =
    text.length > MAX_STORED_TEXT_CHARS
      ? `${text.slice(0, MAX_STORED_TEXT_CHARS)}… (${text.length.toLocaleString('en-US')} characters in all)`
      : text;
  let storable = '';
  let copiedUpTo = 0;
  for (let index = 0; index < kept.length; index += 1) {
    const code = kept.charCodeAt(index);
    if (isHighSurrogate(code) && isLowSurrogate(kept.charCodeAt(index + 1))) {
      index += 1;
      continue;
    }
    if (code !== 0 && !isHighSurrogate(code) && !isLowSurrogate(code)) continue;
    storable += kept.slice(copiedUpTo, index) + escapeCodeUnit(code);
    copiedUpTo = index + 1;
  }
  return copiedUpTo === 0 ? kept : storable + kept.slice(copiedUpTo);
}

export type TStorableJson = string | number | boolean | null | TStorableJson[] | { [key: string]: TStorableJson };

function storableDeep(value: unknown): TStorableJson {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(storableDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [toStorableText(key), storableDeep(item)]));
  }
  return value as TStorableJson;
}

/**
 * Values (a source row) as jsonb can store them: bigint, NaN and Infinity kept as text, and every
 * string and key made storable as by toStorableText.
 */
export function toStorableJson(values: Record<string, unknown>): { [key: string]: TStorableJson } {
  const plain: unknown = JSON.parse(
    JSON.stringify(values, (_key, value: unknown) =>
      typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value)) ? String(value) : value,
    ),
  );
  return storableDeep(plain) as { [key: string]: TStorableJson };
}
