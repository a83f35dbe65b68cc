import { toFieldIssues, ZSignInRequestSchema, type TSessionView } from '@tributary/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ApiError, errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';
import { AuthCard } from './auth-card.tsx';

interface SignInPageProps {
  /** Why the user is here again (signed out, session ended). */
  notice?: string | undefined;
  onSignedIn(session: TSessionView): void;
}

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isSending, setIsSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = ZSignInRequestSchema.safeParse({ email, password });
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      onSignedIn(await api.signIn(checked.data));
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      // The server's own words: a wrong password and too many attempts read differently.
      setFailure(errorMessage(error));
      setIsSending(false);
    }
  };

  return (
    <AuthCard title="Sign in">
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
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
        <Field label="Password" isRequired errors={errors.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
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
            {isSending ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
