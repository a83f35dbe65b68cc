import {
  toFieldIssues,
  unknownSourceColumns,
  ZSyncSaveRequestSchema,
  type TSourceColumnsResponse,
  type TSyncAccess,
} from '@tributary/core';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { ConfirmBar } from '../../components/confirm-bar.tsx';
import { Field } from '../../components/field.tsx';
import { errorsUnder, groupFieldIssues, replaceErrorsUnder, type FieldErrors } from '../../components/field-errors.ts';
import { TabList, tabId, tabPanelId, type TabItem } from '../../components/tab-list.tsx';
import { canCreateSyncs } from '../../session/abilities.ts';
import { useSession } from '../../session/session-context.ts';
import { ColumnMappingTab } from './column-mapping/column-mapping-tab.tsx';
import { DestinationTab } from './destination/destination-tab.tsx';
import { PermissionsTab } from './permissions/permissions-tab.tsx';
import type { SourceFormState } from './source/source-form-state.ts';
import { SourceTab } from './source/source-tab.tsx';
import { SyncActionsTab } from './sync-actions/sync-actions-tab.tsx';
import {
  emptySyncForm,
  NO_STORED_SECRETS,
  syncFormFromView,
  syncSaveRequestFromForm,
  type StoredSecrets,
  type SyncFormState,
} from './sync-form-state.ts';

type TabId = 'source' | 'destination' | 'column-mapping' | 'sync-actions' | 'permissions';

/** Each tab, the prefix of the API fields it shows, and who sees it. */
const TABS: ReadonlyArray<{
  id: TabId;
  label: string;
  prefix: string;
  isShown(access: TSyncAccess, isSaved: boolean): boolean;
}> = [
  { id: 'source', label: 'Source', prefix: 'source.', isShown: () => true },
  { id: 'destination', label: 'Destination', prefix: 'destination.', isShown: () => true },
  { id: 'column-mapping', label: 'Column Mapping', prefix: 'columnMapping.', isShown: () => true },
  { id: 'sync-actions', label: 'Sync Actions', prefix: 'jobSettings.', isShown: () => true },
  // Grants hang off a stored sync, and only those who manage it may read them.
  {
    id: 'permissions',
    label: 'Permissions',
    prefix: 'permissions.',
    isShown: (access, isSaved) => isSaved && access.canManage,
  },
];

const NO_ACCESS: TSyncAccess = { canView: false, canEdit: false, canRun: false, canManage: false };
const FULL_ACCESS: TSyncAccess = { canView: true, canEdit: true, canRun: true, canManage: true };

const isTabId = (value: string | null): value is TabId => TABS.some((tab) => tab.id === value);

type Status = { kind: 'idle' | 'loading' | 'saving' | 'saved' } | { kind: 'error'; message: string };

/** Client-side checks of the whole sync: the shared schema, then the mapping against discovered columns. */
function validate(form: SyncFormState, discovery: TSourceColumnsResponse | undefined): FieldErrors {
  const body = syncSaveRequestFromForm(form);
  const checked = ZSyncSaveRequestSchema.safeParse(body);
  if (!checked.success) return groupFieldIssues(toFieldIssues(checked.error));
  const mapping = checked.data.columnMapping;
  if (!mapping || !discovery) return {};
  const names = discovery.columns.map((column) => column.name);
  const unknown = unknownSourceColumns(mapping, names);
  return groupFieldIssues(unknown.map((issue) => ({ ...issue, field: `columnMapping.${issue.field}` })));
}

function isSameSourceButPassword(a: SourceFormState, b: SourceFormState): boolean {
  return JSON.stringify({ ...a, password: '' }) === JSON.stringify({ ...b, password: '' });
}

/** The tab to show after a failed save: the open one if it has errors, else the first that has. */
function tabToShow(errors: FieldErrors, activeTab: TabId): TabId {
  const hasErrors = (tab: (typeof TABS)[number]) => Object.keys(errors).some((field) => field.startsWith(tab.prefix));
  const active = TABS.find((tab) => tab.id === activeTab)!;
  return hasErrors(active) ? activeTab : (TABS.find(hasErrors)?.id ?? activeTab);
}

export function SyncEditorPage() {
  const { id } = useParams();
  const syncId = id === 'new' ? undefined : id;
  const navigate = useNavigate();
  const { session } = useSession();
  // An unsaved sync is the creator's: creating one grants all four rights on it.
  const [access, setAccess] = useState<TSyncAccess>(() =>
    canCreateSyncs(session.user.role) ? FULL_ACCESS : NO_ACCESS,
  );
  const [searchParams, setSearchParams] = useSearchParams();
  const shownTabs = TABS.filter((tab) => tab.isShown(access, Boolean(syncId)));
  const requestedTab = searchParams.get('tab');
  const activeTab: TabId =
    isTabId(requestedTab) && shownTabs.some((tab) => tab.id === requestedTab) ? requestedTab : 'source';
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const [form, setForm] = useState<SyncFormState>(emptySyncForm);
  const [secrets, setSecrets] = useState<StoredSecrets>(NO_STORED_SECRETS);
  const [discovery, setDiscovery] = useState<TSourceColumnsResponse>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: syncId ? 'loading' : 'idle' });

  useEffect(() => {
    if (!syncId) return;
    api.sync(syncId).then(
      (sync) => {
        const loaded = syncFormFromView(sync);
        setForm(loaded.form);
        setSecrets(loaded.secrets);
        setAccess(sync.access);
        // Arriving here right after creating the sync: keep saying it was saved.
        setStatus((current) => (current.kind === 'saved' ? current : { kind: 'idle' }));
      },
      (error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }),
    );
  }, [syncId]);

  // Saving permissions may change the saver's own rights (an operator handing manage to a group);
  // losing manage hides the Permissions tab, and the tab falls back to Source.
  const reloadAccess = useCallback(async () => {
    if (!syncId) return;
    try {
      setAccess((await api.sync(syncId)).access);
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  }, [syncId]);

  const selectTab = (tab: TabId) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('tab', tab);
        return next;
      },
      { replace: true },
    );
  const patch = (change: Partial<SyncFormState>) => setForm((current) => ({ ...current, ...change }));
  const setErrorsUnder = (prefix: string) => (scoped: FieldErrors) =>
    setErrors((current) => replaceErrorsUnder(current, prefix, scoped));

  const save = async () => {
    const found = validate(form, discovery);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setStatus({ kind: 'error', message: 'Some fields need attention.' });
      selectTab(tabToShow(found, activeTab));
      return;
    }
    setErrors({});
    setStatus({ kind: 'saving' });
    const body = syncSaveRequestFromForm(form);
    try {
      const saved = syncId ? await api.updateSync(syncId, body) : await api.createSync(body);
      const loaded = syncFormFromView(saved);
      // The same rows come back in the same order: keep their React keys so focus stays put.
      setForm((current) => ({
        ...loaded.form,
        columnMapping: {
          ...loaded.form.columnMapping,
          rows: loaded.form.columnMapping.rows.map((row, index) => ({
            ...row,
            key: current.columnMapping.rows[index]?.key ?? row.key,
          })),
        },
      }));
      setSecrets(loaded.secrets);
      setStatus({ kind: 'saved' });
      if (!syncId) void navigate(`/syncs/${saved.id}?tab=${activeTab}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) {
        const fromServer = groupFieldIssues(error.body.fields);
        setErrors(fromServer);
        selectTab(tabToShow(fromServer, activeTab));
      }
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
  const isReadOnly = !access.canEdit;
  const tabs: Array<TabItem<TabId>> = shownTabs.map((tab) => ({
    id: tab.id,
    label: tab.label,
    errorCount: Object.keys(errorsUnder(errors, tab.prefix)).length,
  }));
  return (
    <section aria-labelledby="editor-title">
      <div className="page-header">
        <h1 id="editor-title">{syncId ? form.name || 'Data sync' : 'New data sync'}</h1>
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
          question={`Delete the data sync ${form.name}, with its jobs and listener? This cannot be undone.`}
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
        <Field label="Name" isRequired errors={errors.name}>
          {(props) => (
            <input {...props} type="text" value={form.name} onChange={(event) => patch({ name: event.target.value })} />
          )}
        </Field>
        <Field label="Description" errors={errors.description}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={form.description}
              onChange={(event) => patch({ description: event.target.value })}
            />
          )}
        </Field>
      </fieldset>
      <TabList label="Sync settings" tabs={tabs} activeId={activeTab} onSelect={selectTab} />
      <div role="tabpanel" id={tabPanelId(activeTab)} aria-labelledby={tabId(activeTab)} className="tab-panel">
        {activeTab === 'source' && (
          <SourceTab
            syncId={syncId}
            isReadOnly={isReadOnly}
            form={form.source}
            isPasswordStored={secrets.isSourcePasswordStored}
            errors={errorsUnder(errors, 'source.')}
            discovery={discovery}
            onChange={(source) => {
              // Any change but the password may change the columns: the last discovery no longer applies.
              if (!isSameSourceButPassword(source, form.source)) setDiscovery(undefined);
              patch({ source });
            }}
            onErrors={setErrorsUnder('source.')}
            onDiscovered={setDiscovery}
          />
        )}
        {activeTab === 'destination' && (
          <DestinationTab
            syncId={syncId}
            isReadOnly={isReadOnly}
            form={form.destination}
            secrets={secrets.destination}
            errors={errorsUnder(errors, 'destination.')}
            onChange={(destination) => patch({ destination })}
            onErrors={setErrorsUnder('destination.')}
          />
        )}
        {activeTab === 'column-mapping' && (
          <ColumnMappingTab
            syncId={syncId}
            isReadOnly={isReadOnly}
            form={form.columnMapping}
            source={form.source}
            discovery={discovery}
            errors={errorsUnder(errors, 'columnMapping.')}
            onChange={(columnMapping) => patch({ columnMapping })}
            onErrors={setErrorsUnder('columnMapping.')}
            onSourceErrors={setErrorsUnder('source.')}
            onDiscovered={setDiscovery}
          />
        )}
        {activeTab === 'sync-actions' && (
          <SyncActionsTab
            syncId={syncId}
            isReadOnly={isReadOnly}
            form={form.jobSettings}
            errors={errorsUnder(errors, 'jobSettings.')}
            onChange={(jobSettings) => patch({ jobSettings })}
          />
        )}
        {syncId && activeTab === 'permissions' && (
          <PermissionsTab syncId={syncId} onSaved={() => void reloadAccess()} />
        )}
      </div>
    </section>
  );
}
