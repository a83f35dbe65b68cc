import {
  toFieldIssues,
  unknownSourceColumns,
  ZSyncSaveRequestSchema,
  type TSourceColumnsResponse,
} from '@tributary/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { errorsUnder, groupFieldIssues, replaceErrorsUnder, type FieldErrors } from '../../components/field-errors.ts';
import { errorMessage } from '../../components/format.ts';
import { TabList, tabId, tabPanelId, type TabItem } from '../../components/tab-list.tsx';
import { ColumnMappingTab } from './column-mapping/column-mapping-tab.tsx';
import { DestinationTab } from './destination/destination-tab.tsx';
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

type TabId = 'source' | 'destination' | 'column-mapping' | 'sync-actions';

/** Each tab and the prefix of the API fields it shows. */
const TABS: ReadonlyArray<{ id: TabId; label: string; prefix: string }> = [
  { id: 'source', label: 'Source', prefix: 'source.' },
  { id: 'destination', label: 'Destination', prefix: 'destination.' },
  { id: 'column-mapping', label: 'Column Mapping', prefix: 'columnMapping.' },
  { id: 'sync-actions', label: 'Sync Actions', prefix: 'jobSettings.' },
];

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
  const [searchParams, setSearchParams] = useSearchParams();
  const activeTab: TabId = isTabId(searchParams.get('tab')) ? (searchParams.get('tab') as TabId) : 'source';
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
        // Arriving here right after creating the sync: keep saying it was saved.
        setStatus((current) => (current.kind === 'saved' ? current : { kind: 'idle' }));
      },
      (failure: unknown) => setStatus({ kind: 'error', message: errorMessage(failure) }),
    );
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

  if (status.kind === 'loading') return <p aria-busy="true">Loading…</p>;
  const tabs: Array<TabItem<TabId>> = TABS.map((tab) => ({
    id: tab.id,
    label: tab.label,
    errorCount: Object.keys(errorsUnder(errors, tab.prefix)).length,
  }));
  return (
    <section aria-labelledby="editor-title">
      <div className="page-header">
        <h1 id="editor-title">{syncId ? form.name || 'Data sync' : 'New data sync'}</h1>
        <button type="button" onClick={() => void save()} disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div role="status" className="save-status">
        {status.kind === 'saved' && 'Saved.'}
        {status.kind === 'error' && <span className="error">{status.message}</span>}
      </div>
      <div className="form-grid">
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
      </div>
      <TabList label="Sync settings" tabs={tabs} activeId={activeTab} onSelect={selectTab} />
      <div role="tabpanel" id={tabPanelId(activeTab)} aria-labelledby={tabId(activeTab)} className="tab-panel">
        {activeTab === 'source' && (
          <SourceTab
            syncId={syncId}
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
            form={form.jobSettings}
            errors={errorsUnder(errors, 'jobSettings.')}
            onChange={(jobSettings) => patch({ jobSettings })}
          />
        )}
      </div>
    </section>
  );
}
