import type { TSecretReuse } from '@tributary/core';
import { AppError } from '../../app-error.ts';

/** The form with the sync's stored secrets filled in, or a 400 naming each secret to type again. */
export function reusedOrRejected<T>(reuse: TSecretReuse<T>): T {
  if (reuse.ok) return reuse.value;
  // Each message names its secret, so the sentence reads without the field paths.
  const message = reuse.issues.map((issue) => issue.message).join('; ');
  throw new AppError('VALIDATION_FAILED', message, reuse.issues);
}
