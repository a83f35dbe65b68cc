import type { TGroupView, TUserView } from '@tributary/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { ConfirmBar } from '../../components/confirm-bar.tsx';
import { GroupForm } from './group-form.tsx';
import { GroupMembers } from './group-members.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** One group: rename it, choose its members, or delete it. */
export function GroupEditorPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [group, setGroup] = useState<TGroupView>();
  const [users, setUsers] = useState<TUserView[]>();
  const [error, setError] = useState<string>();
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);

  useEffect(() => {
    Promise.all([api.group(id), api.users()]).then(
      ([loaded, answer]) => {
        setGroup(loaded);
        setUsers(answer.users);
      },
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, [id]);

  const remove = async () => {
    try {
      await api.deleteGroup(id);
      void navigate('/groups');
    } catch (failure) {
      setError(errorMessage(failure));
      setIsConfirmingDelete(false);
    }
  };

  if (!group || !users) {
    return error ? <ErrorAlert message={error} /> : <p aria-busy="true">Loading…</p>;
  }
  return (
    <section aria-labelledby="group-title" className="stack">
      <div className="page-header">
        <h1 id="group-title">Group {group.name}</h1>
        {!isConfirmingDelete && (
          <button type="button" className="secondary danger" onClick={() => setIsConfirmingDelete(true)}>
            Delete group
          </button>
        )}
      </div>
      {isConfirmingDelete && (
        <ConfirmBar
          question={`Delete the group ${group.name}? Its members lose what was granted to the group.`}
          confirmLabel="Delete"
          onConfirm={remove}
          onCancel={() => setIsConfirmingDelete(false)}
        />
      )}
      <ErrorAlert message={error} />
      <GroupForm
        title="Name and description"
        submitLabel="Save"
        initial={{ name: group.name, description: group.description }}
        onSubmit={async (body) => {
          setGroup(await api.updateGroup(id, body));
          return 'Saved.';
        }}
      />
      <GroupMembers group={group} users={users} onSaved={setGroup} />
    </section>
  );
}
