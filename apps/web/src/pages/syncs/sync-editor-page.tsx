import { toFieldIssues, ZSyncSaveRequestSchema, type TSyncAccess, type TSyncSaveRequest } from '@tributary/core';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { ConfirmBar } from '../../components/confirm-bar.tsx';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';
import { canCreateSyncs } from '../../session/abilities.ts';
import { useSession } from '../../session/session-context.ts';
import { DestinationTab } from './destination/destination-tab.tsx';
import {
  destinationFormFromView,
  destinationInputFromForm,
  emptyDestinationForm,
  NO_SECRETS,
  type DestinationFormState,
  type SecretStatus,
} from './destination/destination-form-state.ts';
import { PermissionsTab } from './permissions/permissions-tab.tsx';

type TabId = 'destination' | 'permissions';
const TABS: { id: TabId; label: string; isShown(access: TSyncAccess, isSaved: boolean): boolean }[] = [
  { id: 'destination', label: 'Destination', isShown: () => true },
  // Grants hang off a stored sync, and only those who manage it may read them.
  { id: 'permissions', label: 'Permissions', isShown: (access, isSaved) => isSaved && access.canManage },
];

const NO_ACCESS: TSyncAccess = { canView: false, canEdit: false, canRun: false, canManage: false };

/** Splits `destination.sasl.password`-style issues into the general fields and the Destination tab's. */
function splitErrors(errors: FieldErrors): { general: FieldErrors; destination: FieldErrors } {
  const general: FieldErrors = {};
  const destination: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) {
    if (field.startsWith('destination.')) destination[field.slice('destination.'.length)] = messages;
    else general[field] = messages;
  }
  return { general, destination };
}

export function SyncEditorPage() {
  const { id } = useParams();
  const syncId = id === 'new' ? undefined : id;
  const navigate = useNavigate();
  const { session } = useSession();
  // An unsaved sync is the creator's: creating one grants all four rights on it.
  const [access, setAccess] = useState<TSyncAccess>(() =>
    canCreateSyncs(session.user.role) ? { canView: true, canEdit: true, canRun: true, canManage: true } : NO_ACCESS,
  );
  const [activeTab, setActiveTab] = useState<TabId>('destination');
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [destination, setDestination] = useState<DestinationFormState>(emptyDestinationForm);
  const [secrets, setSecrets] = useState<SecretStatus>(NO_SECRETS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<
    { kind: 'idle' | 'loading' | 'saving' | 'saved' } | { kind: 'error'; message: string }
  >({
    kind: syncId ? 'loading' : 'idle',
  });

  useEffect(() => {
    if (!syncId) return;
    api.sync(syncId).then(
      (sync) => {
        const loaded = destinationFormFromView(sync.destination);
        setName(sync.name);
        setDescription(sync.description);
        setDestination(loaded.form);
        setSecrets(loaded.secrets);
        setAccess(sync.access);
        // Arriving here right after creating the sync: keep saying it was saved.
        setStatus((current) => (current.kind === 'saved' ? current : { kind: 'idle' }));
      },
      (failure: unknown) => setStatus({ kind: 'error', message: errorMessage(failure) }),
    );
  }, [syncId]);

  // Saving permissions may change the saver's own rights (an operator handing manage to a group).
  const reloadAccess = useCallback(async () => {
    if (!syncId) return;
    try {
      const sync = await api.sync(syncId);
      setAccess(sync.access);
      if (!sync.access.canManage) setActiveTab('destination');
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  }, [syncId]);

  const save = async () => {
    const body: TSyncSaveRequest = { name, description, destination: destinationInputFromForm(destination) };
    const checked = ZSyncSaveRequestSchema.safeParse(body);
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      setStatus({ kind: 'error', message: 'Some fields need attention.' });
      return;
    }
    setErrors({});
    setStatus({ kind: 'saving' });
    try {
      const saved = syncId ? await api.updateSync(syncId, body) : await api.createSync(body);
      const loaded = destinationFormFromView(saved.destination);
      setDestination(loaded.form);
      setSecrets(loaded.secrets);
      setStatus({ kind: 'saved' });
      if (!syncId) void navigate(`/syncs/${saved.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  const remove = async () => {
    if (!syncId) return;
    try {
      await api.deleteSync(syncId);
      void navigate('/syncs');
    } catch (error) {
      setIsConfirmingDelete(false);
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };

  if (status.kind === 'loading') return <p aria-busy="true">Loading…</p>;
  const split = splitErrors(errors);
  const isReadOnly = !access.canEdit;
  const tabs = TABS.filter((tab) => tab.isShown(access, Boolean(syncId)));
  return (
    <section aria-labelledby="editor-title">
      <div className="page-header">
        <h1 id="editor-title">{syncId ? name || 'Data sync' : 'New data sync'}</h1>
        <div className="header-actions">
          {syncId && access.canManage && (
            <button type="button" className="secondary danger" onClick={() => setIsConfirmingDelete(true)}>
              Delete
            </button>
          )}
          {!isReadOnly && (
            <button type="button" onClick={() => void save()} disabled={status.kind === 'saving'}>
              {status.kind === 'saving' ? 'Saving…' : 'Save'}
            </button>
          )}
        </div>
      </div>
      {isConfirmingDelete && (
        <ConfirmBar
          question={`Delete the data sync ${name}, with its jobs and listener? This cannot be undone.`}
          confirmLabel="Delete data sync"
          onConfirm={remove}
          onCancel={() => setIsConfirmingDelete(false)}
        />
      )}
      <div role="status" className="save-status">
        {status.kind === 'saved' && 'Saved.'}
        {status.kind === 'error' && <span className="error">{status.message}</span>}
      </div>
      {isReadOnly && (
        <p className="notice">
          {syncId
            ? 'You may view this data sync but not change it.'
            : 'Viewers cannot create data syncs. Ask an administrator for the operator role.'}
        </p>
      )}
      {/* A disabled fieldset makes every field read-only for those who may not edit. */}
      <fieldset className="plain-fieldset form-grid" disabled={isReadOnly}>
        <Field label="Name" isRequired errors={split.general.name}>
          {(props) => <input {...props} type="text" value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Description" errors={split.general.description}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <div role="tablist" aria-label="Sync settings" className="tabs">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === activeTab}
            aria-controls={`panel-${tab.id}`}
            className={tab.id === activeTab ? 'tab active' : 'tab'}
            onClick={() => setActiveTab(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id="panel-destination"
        aria-labelledby="tab-destination"
        className="tab-panel"
        hidden={activeTab !== 'destination'}
      >
        <DestinationTab
          isReadOnly={isReadOnly}
          syncId={syncId}
          form={destination}
          secrets={secrets}
          errors={split.destination}
          onChange={setDestination}
          onErrors={(destinationErrors) =>
            setErrors({
              ...split.general,
              ...Object.fromEntries(
                Object.entries(destinationErrors).map(([field, messages]) => [`destination.${field}`, messages]),
              ),
            })
          }
        />
      </div>
      {syncId && activeTab === 'permissions' && (
        <div role="tabpanel" id="panel-permissions" aria-labelledby="tab-permissions" className="tab-panel">
          <PermissionsTab syncId={syncId} onSaved={() => void reloadAccess()} />
        </div>
      )}
    </section>
  );
}
