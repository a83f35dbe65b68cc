import type { TGroupView, TUserView } from '@tributary/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';

interface GroupMembersProps {
  group: TGroupView;
  users: TUserView[];
  onSaved(group: TGroupView): void;
}

/** Every user with a checkbox; saving replaces the members at once. */
export function GroupMembers({ group, users, onSaved }: GroupMembersProps) {
  const [memberIds, setMemberIds] = useState(() => new Set(group.members.map((member) => member.id)));
  const [outcome, setOutcome] = useState<{ isError: boolean; message: string }>();
  const [isSending, setIsSending] = useState(false);

  const toggle = (userId: string, isMember: boolean) => {
    const next = new Set(memberIds);
    if (isMember) next.add(userId);
    else next.delete(userId);
    setMemberIds(next);
    setOutcome(undefined);
  };

  const save = async () => {
    setIsSending(true);
    try {
      onSaved(await api.setGroupMembers(group.id, { userIds: [...memberIds] }));
      setOutcome({ isError: false, message: 'Members saved.' });
    } catch (error) {
      setOutcome({ isError: true, message: errorMessage(error) });
    } finally {
      setIsSending(false);
    }
  };

  return (
    <fieldset className="fieldset">
      <legend>Members</legend>
      {users.map((user) => (
        <label key={user.id} className="checkbox">
          <input
            type="checkbox"
            checked={memberIds.has(user.id)}
            onChange={(event) => toggle(user.id, event.target.checked)}
          />
          {user.displayName} ({user.email}){user.isDisabled && <span className="muted"> · disabled</span>}
        </label>
      ))}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={isSending}>
          Save members
        </button>
        <span role="status">
          {outcome && <span className={outcome.isError ? 'error' : undefined}>{outcome.message}</span>}
        </span>
      </div>
    </fieldset>
  );
}
