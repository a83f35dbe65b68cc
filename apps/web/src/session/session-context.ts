import type { TSessionView } from '@tributary/core';
import { createContext, useContext } from 'react';

export interface SessionContextValue {
  session: TSessionView;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** The signed-in user; only pages rendered inside the session gate may ask. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionGate>: the page was rendered before sign-in');
  return value;
}
