import type { ReactNode } from 'react';

export interface NavItem {
  id: string;
  label: string;
}

interface AppShellProps {
  nav: NavItem[];
  /** Who is signed in, shown beside the Sign out button. */
  account: { displayName: string; email: string; role: string };
  onSignOut(): void;
  activeId: string;
  onNavigate(id: string): void;
  children: ReactNode;
}

export function AppShell({ nav, account, onSignOut, activeId, onNavigate, children }: AppShellProps) {
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/" aria-label="Tributary home">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Tributary</span>
        </a>
        <span className="tagline">Data syncs into Kafka</span>
        <div className="account">
          <span className="account-name" title={account.email}>
            Signed in as {account.displayName} <span className="account-role">({account.role})</span>
          </span>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="shell-nav" aria-label="Main">
        {nav.map((item) => (
          <button
            key={item.id}
            type="button"
            className={item.id === activeId ? 'nav-item active' : 'nav-item'}
            aria-current={item.id === activeId ? 'page' : undefined}
            onClick={() => onNavigate(item.id)}
          >
            {item.label}
          </button>
        ))}
      </nav>
      <main className="shell-main">{children}</main>
    </div>
  );
}
