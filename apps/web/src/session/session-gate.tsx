import type { TSessionView } from '@tributary/core';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { ApiError, errorMessage, onUnauthenticated, setCsrfToken } from '../api/request.ts';
import { FirstAdminPage } from '../pages/sign-in/first-admin-page.tsx';
import { SignInPage } from '../pages/sign-in/sign-in-page.tsx';
import { SessionContext, type SessionContextValue } from './session-context.ts';

type GateState =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'first-run' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: TSessionView };

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

/**
 * Renders the app only for a signed-in user: otherwise the first-run form (no user exists yet)
 * or the sign-in page, in place, so a deep link opens once the user has signed in.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'loading' });
  const navigate = useNavigate();

  const enter = useCallback((session: TSessionView) => {
    setCsrfToken(session.csrfToken);
    setState({ kind: 'signed-in', session });
  }, []);

  useEffect(() => {
    const load = async () => {
      const status = await api.authStatus();
      if (status.needsFirstAdmin) return setState({ kind: 'first-run' });
      try {
        enter(await api.session());
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 401) setState({ kind: 'signed-out' });
        else throw failure;
      }
    };
    load().catch((failure: unknown) => setState({ kind: 'unreachable', message: errorMessage(failure) }));
  }, [enter]);

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(undefined);
      setState((current) => (current.kind === 'signed-in' ? { kind: 'signed-out', notice: SESSION_ENDED } : current));
    });
    return () => onUnauthenticated(undefined);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setCsrfToken(undefined);
      setState({ kind: 'signed-out', notice: 'You have signed out.' });
      // The next person to sign in starts at the overview, not on a page of the previous user.
      void navigate('/');
    }
  }, [navigate]);

  const context = useMemo<SessionContextValue | undefined>(
    () => (state.kind === 'signed-in' ? { session: state.session, signOut } : undefined),
    [state, signOut],
  );

  switch (state.kind) {
    case 'loading':
      return <p aria-busy="true">Loading…</p>;
    case 'unreachable':
      return (
        <p role="alert" className="error">
          Cannot reach the API: {state.message}
        </p>
      );
    case 'first-run':
      return <FirstAdminPage onCreated={enter} onAlreadyCreated={() => setState({ kind: 'signed-out' })} />;
    case 'signed-out':
      return <SignInPage notice={state.notice} onSignedIn={enter} />;
    case 'signed-in':
      return <SessionContext.Provider value={context}>{children}</SessionContext.Provider>;
  }
}
