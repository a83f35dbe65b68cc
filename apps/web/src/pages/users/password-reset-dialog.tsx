import { ZPasswordResetRequestSchema, type TUserView } from '@tributary/core';
import { useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { AccountField } from '../../components/account-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';
import { useModalDialog } from '../../components/use-modal-dialog.ts';

interface PasswordResetDialogProps {
  user: TUserView;
  onDone(message: string | undefined): void;
}

/** Sets a new password for a user; the server ends that user's sessions. */
export function PasswordResetDialog({ user, onDone }: PasswordResetDialogProps) {
  const dialog = useModalDialog();
  const [password, setPassword] = useState('');
  const outcome = useRef<string | undefined>(undefined);

  const { onSubmit, errors, failure, isSending } = useCheckedSubmit({
    schema: ZPasswordResetRequestSchema,
    values: () => ({ password }),
    send: async (body) => {
      await api.resetPassword(user.id, body);
      outcome.current = `New password set for ${user.email}; their sessions have ended.`;
      dialog.current?.close();
    },
    isLeavingOnSuccess: true,
  });

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="password-reset-title"
      onClose={() => onDone(outcome.current)}
    >
      <h2 id="password-reset-title">Reset the password of {user.displayName}</h2>
      <form className="form-grid" noValidate onSubmit={onSubmit}>
        <AccountField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          errors={errors.password}
          isAutoFocused
        />
        <ErrorAlert message={failure} />
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
