import { ZFirstAdminRequestSchema, type TSessionView } from '@tributary/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/request.ts';
import { AccountField } from '../../components/account-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import type { FieldErrors } from '../../components/field-errors.ts';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';
import { AuthCard } from './auth-card.tsx';

interface FirstAdminPageProps {
  onCreated(session: TSessionView): void;
  /** Someone else created the first administrator meanwhile: this form no longer applies. */
  onAlreadyCreated(): void;
}

/** First run: no user exists, so the person installing Tributary becomes its first administrator. */
export function FirstAdminPage({ onCreated, onAlreadyCreated }: FirstAdminPageProps) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { onSubmit, errors, failure, isSending } = useCheckedSubmit({
    schema: ZFirstAdminRequestSchema,
    values: () => ({ email, displayName, password }),
    // The confirmation is the browser's check alone: it is never sent.
    moreErrors: (): FieldErrors =>
      confirmation === password ? {} : { confirmation: ['Confirm password does not match Password'] },
    send: async (body) => onCreated(await api.createFirstAdmin(body)),
    isLeavingOnSuccess: true,
    isHandled: (failure) => {
      if (!(failure instanceof ApiError && failure.status === 409)) return false;
      onAlreadyCreated();
      return true;
    },
  });

  return (
    <AuthCard title="Create the first administrator">
      <p className="muted">
        No user exists yet. The administrator you create here signs in with this email and password and can then invite
        everyone else.
      </p>
      <form className="form-grid" noValidate onSubmit={onSubmit}>
        <AccountField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          errors={errors.email}
          isAutoFocused
        />
        <AccountField
          label="Display name"
          type="text"
          autoComplete="name"
          value={displayName}
          onChange={setDisplayName}
          errors={errors.displayName}
        />
        <AccountField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          errors={errors.password}
        />
        <AccountField
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={setConfirmation}
          errors={errors.confirmation}
        />
        <ErrorAlert message={failure} />
        <div className="actions">
          <button type="submit" disabled={isSending}>
            {isSending ? 'Creating…' : 'Create administrator'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
