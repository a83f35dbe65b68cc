import { toFieldIssues } from '@tributary/core';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from '../api/request.ts';
import { groupFieldIssues, type FieldErrors } from './field-errors.ts';

interface CheckedSubmitOptions<TBody> {
  /** Checks the form's values before anything is sent; its messages show beside their fields. */
  schema: z.ZodType<TBody>;
  values(): unknown;
  /** Checks the schema cannot make (a confirmation that must match): field → messages, empty when fine. */
  moreErrors?(): FieldErrors;
  send(body: TBody): Promise<void>;
  /**
   * The form leaves the screen after a success (signed in, dialog closed): its button stays
   * disabled until then instead of inviting a second submit.
   */
  isLeavingOnSuccess?: boolean;
  /** A failure the form answers itself instead of showing it; true when it did. */
  isHandled?(failure: unknown): boolean;
}

interface CheckedSubmit {
  onSubmit(event: FormEvent): void;
  /** Per field: the schema's messages before sending, the server's after. */
  errors: FieldErrors;
  /** The server's own words for a refused submit (a wrong password and a taken email read differently). */
  failure: string | undefined;
  isSending: boolean;
}

/** A form's submit: check with the schema, send once, show the server's field errors and message. */
export function useCheckedSubmit<TBody>({
  schema,
  values,
  moreErrors = () => ({}),
  send,
  isLeavingOnSuccess = false,
  isHandled = () => false,
}: CheckedSubmitOptions<TBody>): CheckedSubmit {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isSending, setIsSending] = useState(false);

  const submit = async () => {
    setFailure(undefined);
    const checked = schema.safeParse(values());
    const found = { ...(checked.success ? {} : groupFieldIssues(toFieldIssues(checked.error))), ...moreErrors() };
    if (!checked.success || Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      await send(checked.data);
      if (!isLeavingOnSuccess) setIsSending(false);
    } catch (error) {
      if (isHandled(error)) return;
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setFailure(errorMessage(error));
      setIsSending(false);
    }
  };

  return {
    onSubmit: (event) => {
      event.preventDefault();
      void submit();
    },
    errors,
    failure,
    isSending,
  };
}
