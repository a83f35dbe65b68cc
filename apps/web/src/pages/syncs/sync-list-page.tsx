import type { TSyncAccess, TSyncSummary } from '@tributary/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { formatDateTime, formatShortDateTime } from '../../components/format.ts';
import { canCreateSyncs } from '../../session/abilities.ts';
import { useSession } from '../../session/session-context.ts';
import { SOURCE_TYPE_LABELS } from './source/source-form-state.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

function describeAccess(access: TSyncAccess): string {
  const rights = [
    access.canView && 'view',
    access.canEdit && 'edit',
    access.canRun && 'run',
    access.canManage && 'manage',
  ].filter(Boolean);
  return rights.join(', ');
}

export function SyncListPage() {
  const { session } = useSession();
  const [syncs, setSyncs] = useState<TSyncSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.syncs().then(
      (answer) => setSyncs(answer.syncs),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, []);

  return (
    <section aria-labelledby="syncs-title">
      <div className="page-header">
        <h1 id="syncs-title">Data syncs</h1>
        {canCreateSyncs(session.user.role) && (
          <Link className="button" to="/syncs/new">
            New data sync
          </Link>
        )}
      </div>
      <ErrorAlert message={error} />
      {!syncs && !error && <p aria-busy="true">Loading…</p>}
      {syncs?.length === 0 && (
        <p className="muted">
          {canCreateSyncs(session.user.role)
            ? 'No data syncs yet. Create one to point rows at a Kafka topic.'
            : 'No data syncs are shared with you yet. Ask an administrator for access.'}
        </p>
      )}
      {syncs && syncs.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Source</th>
              <th scope="col">Topic</th>
              <th scope="col">Updated</th>
              <th scope="col">Your access</th>
            </tr>
          </thead>
          <tbody>
            {syncs.map((sync) => (
              <tr key={sync.id}>
                <td>
                  <Link to={`/syncs/${sync.id}`}>{sync.name}</Link>
                  {sync.description && <div className="muted">{sync.description}</div>}
                </td>
                <td>
                  {sync.sourceType && sync.sourceType in SOURCE_TYPE_LABELS ? (
                    SOURCE_TYPE_LABELS[sync.sourceType as keyof typeof SOURCE_TYPE_LABELS]
                  ) : (
                    <span className="muted">Not set</span>
                  )}
                </td>
                <td>{sync.topic}</td>
                <td>
                  <time dateTime={sync.updatedAt} title={formatDateTime(sync.updatedAt)}>
                    {formatShortDateTime(sync.updatedAt)}
                  </time>
                </td>
                <td>{describeAccess(sync.access)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
