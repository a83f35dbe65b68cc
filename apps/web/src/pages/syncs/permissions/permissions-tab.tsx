import { toFieldIssues, ZSyncPermissionsSaveRequestSchema, type TGranteeView } from '@tributary/core';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../../api/client.ts';
import { errorMessage } from '../../../api/request.ts';
import { Field } from '../../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../../components/field-errors.ts';
import {
  granteeKey,
  RIGHTS,
  rowsFromGrants,
  saveRequestFromRows,
  toggleRight,
  type PermissionRow,
} from './permission-rows.ts';

interface PermissionsTabProps {
  syncId: string;
  onSaved(): void;
}

const GRANTEE_TYPE_LABELS = { user: 'User', group: 'Group' } as const;

/** Issues about `grants.3…` belong to the fourth row; the rest to the tab as a whole. */
function splitRowErrors(errors: FieldErrors): { rows: Record<number, string[]>; general: string[] } {
  const rows: Record<number, string[]> = {};
  const general: string[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const index = /^grants\.(\d+)/.exec(field)?.[1];
    if (index === undefined) general.push(...messages);
    else (rows[Number(index)] ??= []).push(...messages);
  }
  return { rows, general };
}

/** Who may view, edit, run and manage this sync; saving replaces every grant at once. */
export function PermissionsTab({ syncId, onSaved }: PermissionsTabProps) {
  const [rows, setRows] = useState<PermissionRow[]>();
  const [grantees, setGrantees] = useState<TGranteeView[]>([]);
  const [picked, setPicked] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<
    { kind: 'idle' | 'saving' | 'saved' | 'changed' } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  useEffect(() => {
    Promise.all([api.syncPermissions(syncId), api.syncGrantees(syncId)]).then(
      ([permissions, candidates]) => {
        setRows(rowsFromGrants(permissions.grants));
        setGrantees(candidates.grantees);
      },
      (failure: unknown) => setStatus({ kind: 'error', message: errorMessage(failure) }),
    );
  }, [syncId]);

  if (!rows) {
    return status.kind === 'error' ? (
      <p role="alert" className="error">
        {status.message}
      </p>
    ) : (
      <p aria-busy="true">Loading…</p>
    );
  }

  const change = (next: PermissionRow[]) => {
    setRows(next);
    setStatus({ kind: 'changed' });
  };
  const granted = new Set(rows.map((row) => granteeKey(row.grantee)));
  const available = grantees.filter((grantee) => !granted.has(granteeKey(grantee)));
  const pickedGrantee = available.find((grantee) => granteeKey(grantee) === picked);

  const add = () => {
    if (!pickedGrantee) {
      setErrors({ ...errors, picked: ['Choose a user or group to add'] });
      return;
    }
    // A new grant starts at the least: seeing the sync.
    change([...rows, { grantee: pickedGrantee, canView: true, canEdit: false, canRun: false, canManage: false }]);
    setPicked('');
    setErrors({});
  };

  const save = async () => {
    const body = saveRequestFromRows(rows);
    const checked = ZSyncPermissionsSaveRequestSchema.safeParse(body);
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      setStatus({ kind: 'error', message: 'Some grants need attention.' });
      return;
    }
    setErrors({});
    setStatus({ kind: 'saving' });
    try {
      const saved = await api.saveSyncPermissions(syncId, body);
      setRows(rowsFromGrants(saved.grants));
      setStatus({ kind: 'saved' });
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  const split = splitRowErrors(Object.fromEntries(Object.entries(errors).filter(([field]) => field !== 'picked')));
  const users = available.filter((grantee) => grantee.type === 'user');
  const groups = available.filter((grantee) => grantee.type === 'group');

  return (
    <section aria-labelledby="permissions-title">
      <h2 id="permissions-title" className="visually-hidden">
        Permissions
      </h2>
      <p className="muted">
        Administrators may do everything with every data sync. Edit, run and manage each include view. Run starts and
        cancels jobs and enables or disables listeners; manage changes these permissions.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Nobody but administrators has access yet.</p>
      ) : (
        <table className="table permissions-table">
          <thead>
            <tr>
              <th scope="col">User or group</th>
              {RIGHTS.map((right) => (
                <th key={right.key} scope="col">
                  {right.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={granteeKey(row.grantee)} className={split.rows[index] ? 'row-invalid' : undefined}>
                <th scope="row">
                  {row.grantee.name} <span className="muted">({GRANTEE_TYPE_LABELS[row.grantee.type]})</span>
                  {split.rows[index]?.map((message) => (
                    <p key={message} className="field-error" role="alert">
                      {message}
                    </p>
                  ))}
                </th>
                {RIGHTS.map((right) => (
                  <td key={right.key}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={row[right.key]}
                        onChange={(event) =>
                          change(
                            rows.map((other, at) =>
                              at === index ? toggleRight(other, right.key, event.target.checked) : other,
                            ),
                          )
                        }
                      />
                      <span className="visually-hidden">
                        {right.label} for {row.grantee.name}
                      </span>
                    </label>
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => change(rows.filter((_, at) => at !== index))}
                  >
                    Remove <span className="visually-hidden">{row.grantee.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="add-grantee">
        <Field label="Add a user or group" errors={errors.picked}>
          {(props) => (
            <select {...props} value={picked} onChange={(event) => setPicked(event.target.value)}>
              <option value="">Choose…</option>
              {users.length > 0 && (
                <optgroup label="Users">
                  {users.map((grantee) => (
                    <option key={granteeKey(grantee)} value={granteeKey(grantee)}>
                      {grantee.name}
                    </option>
                  ))}
                </optgroup>
              )}
              {groups.length > 0 && (
                <optgroup label="Groups">
                  {groups.map((grantee) => (
                    <option key={granteeKey(grantee)} value={granteeKey(grantee)}>
                      {grantee.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          )}
        </Field>
        <button type="button" className="secondary" onClick={add}>
          Add
        </button>
      </div>
      {split.general.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save permissions'}
        </button>
        <span role="status">
          {status.kind === 'saved' && 'Permissions saved.'}
          {status.kind === 'changed' && <span className="muted">Unsaved changes.</span>}
          {status.kind === 'error' && <span className="error">{status.message}</span>}
        </span>
      </div>
    </section>
  );
}
