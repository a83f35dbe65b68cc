import { toFieldIssues, ZFirstAdminRequestSchema, type TSessionView } from '@tributary/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ApiError, errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isSending, setIsSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = ZFirstAdminRequestSchema.safeParse({ email, displayName, password });
    const found = checked.success ? {} : groupFieldIssues(toFieldIssues(checked.error));
    if (confirmation !== password) found.confirmation = ['Confirm password does not match Password'];
    if (!checked.success || found.confirmation) {
      setErrors(found);
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      onCreated(await api.createFirstAdmin(checked.data));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return onAlreadyCreated();
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setFailure(errorMessage(error));
      setIsSending(false);
    }
  };

  return (
    <AuthCard title="Create the first administrator">
      <p className="muted">
        No user exists yet. The administrator you create here signs in with this email and password and can then invite
        everyone else.
      </p>
      <form className="form-grid" noValidate onSubmit={(event) => void submit(event)}>
        <Field label="Email" isRequired errors={errors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              autoFocus
            />
          )}
        </Field>
        <Field label="Display name" isRequired errors={errors.displayName}>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" isRequired errors={errors.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Field label="Confirm password" isRequired errors={errors.confirmation}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={confirmation}
              onChange={(event) => setConfirmation(event.target.value)}
            />
          )}
        </Field>
        {failure && (
          <p role="alert" className="error">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={isSending}>
            {isSending ? 'Creating…' : 'Create administrator'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
