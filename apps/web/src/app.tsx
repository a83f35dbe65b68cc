import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AppShell, type NavItem } from './components/app-shell.tsx';
import { ConnectionLogPage } from './pages/connection-logs/connection-log-page.tsx';
import { JobListPage } from './pages/jobs/job-list-page.tsx';
import { JobPage } from './pages/jobs/job-page.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';
import { SyncEditorPage } from './pages/syncs/sync-editor-page.tsx';
import { SyncListPage } from './pages/syncs/sync-list-page.tsx';

const NAV: NavItem[] = [
  { id: '/', label: 'Overview' },
  { id: '/syncs', label: 'Data syncs' },
  { id: '/jobs', label: 'Jobs' },
];

function Layout() {
  const location = useLocation();
  const navigate = useNavigate();
  const activeId =
    NAV.filter((item) => (item.id === '/' ? location.pathname === '/' : location.pathname.startsWith(item.id))).at(-1)
      ?.id ?? '';
  return (
    <AppShell nav={NAV} activeId={activeId} onNavigate={(path) => void navigate(path)}>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/syncs" element={<SyncListPage />} />
        <Route path="/syncs/:id" element={<SyncEditorPage />} />
        <Route path="/jobs" element={<JobListPage />} />
        <Route path="/jobs/:id" element={<JobPage />} />
        <Route path="/connection-logs/:id" element={<ConnectionLogPage />} />
        <Route path="*" element={<p>There is no page here.</p>} />
      </Routes>
    </AppShell>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Layout />
    </BrowserRouter>
  );
}
