import { useState } from 'react';
import { AppShell, type NavItem } from './components/app-shell.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';

const NAV: NavItem[] = [{ id: 'overview', label: 'Overview' }];

export function App() {
  const [activeId, setActiveId] = useState('overview');
  return (
    <AppShell nav={NAV} activeId={activeId} onNavigate={setActiveId}>
      <OverviewPage />
    </AppShell>
  );
}
