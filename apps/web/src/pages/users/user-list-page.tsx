import { USER_ROLE_LABELS, USER_ROLES, type TUserRole, type TUserUpdateRequest, type TUserView } from '@tributary/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { useSession } from '../../session/session-context.ts';
import { PasswordResetDialog } from './password-reset-dialog.tsx';
import { UserCreateForm } from './user-create-form.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Admin area: every user, their role and whether they may sign in. */
export function UserListPage() {
  const { session } = useSession();
  const [users, setUsers] = useState<TUserView[]>();
  const [loadError, setLoadError] = useState<string>();
  const [outcome, setOutcome] = useState<{ isError: boolean; message: string }>();
  const [resetting, setResetting] = useState<TUserView>();

  useEffect(() => {
    api.users().then(
      (answer) => setUsers(answer.users),
      (failure: unknown) => setLoadError(errorMessage(failure)),
    );
  }, []);

  const replace = (user: TUserView) =>
    setUsers((current) => current?.map((other) => (other.id === user.id ? user : other)));

  const act = async (user: TUserView, send: () => Promise<TUserView>, done: string) => {
    setOutcome(undefined);
    try {
      replace(await send());
      setOutcome({ isError: false, message: done });
    } catch (error) {
      setOutcome({ isError: true, message: `${user.email}: ${errorMessage(error)}` });
    }
  };
  const update = (user: TUserView, change: TUserUpdateRequest, done: string) =>
    act(user, () => api.updateUser(user.id, change), done);

  return (
    <section aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">Users</h1>
      </div>
      <ErrorAlert message={loadError} />
      {!users && !loadError && <p aria-busy="true">Loading…</p>}
      <div role="status" className="save-status">
        {outcome && <span className={outcome.isError ? 'error' : undefined}>{outcome.message}</span>}
      </div>
      {users && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const isSelf = user.id === session.user.id;
              return (
                <tr key={user.id} className={user.isDisabled ? 'row-disabled' : undefined}>
                  <th scope="row">{user.displayName}</th>
                  <td>{user.email}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                      Role of {user.email}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      value={user.role}
                      onChange={(event) =>
                        void update(
                          user,
                          { role: event.target.value as TUserRole },
                          `${user.email} is now ${USER_ROLE_LABELS[event.target.value as TUserRole]}.`,
                        )
                      }
                    >
                      {USER_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {USER_ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {user.isDisabled ? 'Disabled' : 'Active'}
                    {user.failedSignIns > 0 &&
                      ` · ${user.failedSignIns} failed sign-in${user.failedSignIns === 1 ? '' : 's'} in the last hour`}
                  </td>
                  <td>{user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : 'Never'}</td>
                  <td>
                    <div className="row-actions">
                      {/* Disabling oneself would lock the admin out mid-session. */}
                      {!isSelf && (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() =>
                            void update(
                              user,
                              { isDisabled: !user.isDisabled },
                              user.isDisabled
                                ? `${user.email} may sign in again.`
                                : `${user.email} is disabled; their sessions have ended.`,
                            )
                          }
                        >
                          {user.isDisabled ? 'Enable' : 'Disable'} <span className="visually-hidden">{user.email}</span>
                        </button>
                      )}
                      <button type="button" className="secondary" onClick={() => setResetting(user)}>
                        Reset password <span className="visually-hidden">of {user.email}</span>
                      </button>
                      {user.failedSignIns > 0 && (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() =>
                            void act(
                              user,
                              () => api.clearSignInFailures(user.id),
                              `${user.email}'s failed sign-ins are cleared; they may sign in without waiting.`,
                            )
                          }
                        >
                          Clear failed sign-ins <span className="visually-hidden">of {user.email}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <UserCreateForm
        onCreated={(user) => {
          setUsers((current) => [...(current ?? []), user]);
          setOutcome({ isError: false, message: `Created ${user.email}.` });
        }}
      />
      {resetting && (
        <PasswordResetDialog
          user={resetting}
          onDone={(message) => {
            setResetting(undefined);
            if (message) setOutcome({ isError: false, message });
          }}
        />
      )}
    </section>
  );
}
