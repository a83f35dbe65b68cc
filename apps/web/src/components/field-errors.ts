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
