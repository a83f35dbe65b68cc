import { toFieldIssues, ZPasswordResetRequestSchema, type TUserView } from '@tributary/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';

interface PasswordResetDialogProps {
  user: TUserView;
  onDone(message: string | undefined): void;
}

/** Sets a new password for a user; the server ends that user's sessions. */
export function PasswordResetDialog({ user, onDone }: PasswordResetDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isSending, setIsSending] = useState(false);
  const outcome = useRef<string | undefined>(undefined);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = ZPasswordResetRequestSchema.safeParse({ password });
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      await api.resetPassword(user.id, checked.data);
      outcome.current = `New password set for ${user.email}; their sessions have ended.`;
      dialog.current?.close();
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setFailure(errorMessage(error));
      setIsSending(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="password-reset-title"
      onClose={() => onDone(outcome.current)}
    >
      <h2 id="password-reset-title">Reset the password of {user.displayName}</h2>
      <form className="form-grid" noValidate onSubmit={(event) => void submit(event)}>
        <Field label="New password" isRequired errors={errors.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoFocus
            />
          )}
        </Field>
        {failure && (
          <p role="alert" className="error">
            {failure}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" disabled={isSending}>
            {isSending ? 'Setting…' : 'Set password'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
