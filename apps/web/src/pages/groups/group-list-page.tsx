import type { TGroupView } from '@tributary/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { GroupForm } from './group-form.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Admin area: groups, so that a sync can be shared with a team at once. */
export function GroupListPage() {
  const [groups, setGroups] = useState<TGroupView[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.groups().then(
      (answer) => setGroups(answer.groups),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, []);

  return (
    <section aria-labelledby="groups-title">
      <div className="page-header">
        <h1 id="groups-title">Groups</h1>
      </div>
      <ErrorAlert message={error} />
      {!groups && !error && <p aria-busy="true">Loading…</p>}
      {groups?.length === 0 && <p className="muted">No groups yet. A group lets you grant a team access at once.</p>}
      {groups && groups.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Members</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id}>
                <td>
                  <Link to={`/groups/${group.id}`}>{group.name}</Link>
                  {group.description && <div className="muted">{group.description}</div>}
                </td>
                <td>{group.members.map((member) => member.displayName).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <GroupForm
        title="New group"
        submitLabel="Create group"
        initial={{ name: '', description: '' }}
        isResetAfterSubmit
        onSubmit={async (body) => {
          const created = await api.createGroup(body);
          setGroups((current) => [...(current ?? []), created]);
          return `Created ${created.name}.`;
        }}
      />
    </section>
  );
}
