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
