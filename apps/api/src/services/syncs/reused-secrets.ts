import { describeFieldIssues, type TSecretReuse } from '@tributary/core';
import { AppError } from '../../app-error.ts';

/** The form with the sync's stored secrets filled in, or a 400 naming each secret to type again. */
export function reusedOrRejected<T>(reuse: TSecretReuse<T>): T {
  if (reuse.ok) return reuse.value;
  throw new AppError('VALIDATION_FAILED', describeFieldIssues(reuse.issues), reuse.issues);
}
