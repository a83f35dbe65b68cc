import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AppShell, type NavItem } from './components/app-shell.tsx';
import { ApiTokenPage } from './pages/api-tokens/api-token-page.tsx';
import { AuditPage } from './pages/audit/audit-page.tsx';
import { ConnectionLogPage } from './pages/connection-logs/connection-log-page.tsx';
import { GroupEditorPage } from './pages/groups/group-editor-page.tsx';
import { GroupListPage } from './pages/groups/group-list-page.tsx';
import { JobListPage } from './pages/jobs/job-list-page.tsx';
import { JobPage } from './pages/jobs/job-page.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';
import { SyncEditorPage } from './pages/syncs/sync-editor-page.tsx';
import { SyncListPage } from './pages/syncs/sync-list-page.tsx';
import { UserListPage } from './pages/users/user-list-page.tsx';
import { isAdmin } from './session/abilities.ts';
import { useSession } from './session/session-context.ts';
import { SessionGate } from './session/session-gate.tsx';

const NAV: NavItem[] = [
  { id: '/', label: 'Overview' },
  { id: '/syncs', label: 'Data syncs' },
  { id: '/jobs', label: 'Jobs' },
  { id: '/api-tokens', label: 'API tokens' },
];

/** Only administrators see the admin area; the API refuses it to everyone else anyway. */
const ADMIN_NAV: NavItem[] = [
  { id: '/users', label: 'Users' },
  { id: '/groups', label: 'Groups' },
  { id: '/audit', label: 'Audit' },
];

const NOT_HERE = <p>There is no page here.</p>;

function Layout() {
  const location = useLocation();
  const navigate = useNavigate();
  const { session, signOut } = useSession();
  const hasAdminArea = isAdmin(session.user.role);
  const nav = hasAdminArea ? [...NAV, ...ADMIN_NAV] : NAV;
  const activeId =
    nav.filter((item) => (item.id === '/' ? location.pathname === '/' : location.pathname.startsWith(item.id))).at(-1)
      ?.id ?? '';
  return (
    <AppShell
      nav={nav}
      account={session.user}
      onSignOut={() => void signOut()}
      activeId={activeId}
      onNavigate={(path) => void navigate(path)}
    >
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/syncs" element={<SyncListPage />} />
        <Route path="/syncs/:id" element={<SyncEditorPage />} />
        <Route path="/jobs" element={<JobListPage />} />
        <Route path="/jobs/:id" element={<JobPage />} />
        <Route path="/connection-logs/:id" element={<ConnectionLogPage />} />
        <Route path="/api-tokens" element={<ApiTokenPage />} />
        <Route path="/users" element={hasAdminArea ? <UserListPage /> : NOT_HERE} />
        <Route path="/groups" element={hasAdminArea ? <GroupListPage /> : NOT_HERE} />
        <Route path="/groups/:id" element={hasAdminArea ? <GroupEditorPage /> : NOT_HERE} />
        <Route path="/audit" element={hasAdminArea ? <AuditPage /> : NOT_HERE} />
        <Route path="*" element={NOT_HERE} />
      </Routes>
    </AppShell>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionGate>
        <Layout />
      </SessionGate>
    </BrowserRouter>
  );
}
