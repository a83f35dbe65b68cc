import { ZSignInRequestSchema, type TSessionView } from '@tributary/core';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { AccountField } from '../../components/account-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';
import { AuthCard } from './auth-card.tsx';

interface SignInPageProps {
  /** Why the user is here again (signed out, session ended). */
  notice?: string | undefined;
  onSignedIn(session: TSessionView): void;
}

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // A refusal shows the server's own words: a wrong password and too many attempts read differently.
  const { onSubmit, errors, failure, isSending } = useCheckedSubmit({
    schema: ZSignInRequestSchema,
    values: () => ({ email, password }),
    send: async (body) => onSignedIn(await api.signIn(body)),
    isLeavingOnSuccess: true,
  });
  // The Sign in button is disabled while sending, which drops the focus; after a refusal the
  // password is what gets retyped, so it gets the focus back, selected.
  const passwordInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!failure) return;
    passwordInput.current?.focus();
    passwordInput.current?.select();
  }, [failure]);

  return (
    <AuthCard title="Sign in">
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
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
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          errors={errors.password}
          inputRef={passwordInput}
        />
        <ErrorAlert message={failure} />
        <div className="actions">
          <button type="submit" disabled={isSending}>
            {isSending ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
