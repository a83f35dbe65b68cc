import type { z } from 'zod';

export interface TFieldIssue {
  /** Dotted path of the offending field, e.g. `destination.bootstrapServers`. */
  field: string;
  message: string;
}

/** Flattens zod issues into one entry per field, in the order zod reported them. */
export function toFieldIssues(error: z.ZodError): TFieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function describeFieldIssues(issues: TFieldIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}
