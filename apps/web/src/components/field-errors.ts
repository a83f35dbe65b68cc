import type { TFieldIssue } from '@tributary/core';

/** Field path → messages; paths as the API and zod name them (`sasl.password`). */
export type FieldErrors = Record<string, string[]>;

export function groupFieldIssues(issues: TFieldIssue[], prefix = ''): FieldErrors {
  const grouped: FieldErrors = {};
  for (const issue of issues) {
    const field = prefix && issue.field.startsWith(prefix) ? issue.field.slice(prefix.length) : issue.field;
    (grouped[field] ??= []).push(issue.message);
  }
  return grouped;
}

/** The errors under `prefix` (`source.`), with the prefix removed. */
export function errorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([field]) => field.startsWith(prefix))
      .map(([field, messages]) => [field.slice(prefix.length), messages]),
  );
}

/** `errors` with everything under `prefix` replaced by `scoped` (whose fields lack the prefix). */
export function replaceErrorsUnder(errors: FieldErrors, prefix: string, scoped: FieldErrors): FieldErrors {
  const kept = Object.entries(errors).filter(([field]) => !field.startsWith(prefix));
  const added = Object.entries(scoped).map(([field, messages]) => [`${prefix}${field}`, messages] as const);
  return Object.fromEntries([...kept, ...added]);
}
