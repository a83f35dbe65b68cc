import type { TSourceColumnsResponse, TSourceTestResponse, TSourceType } from '@tributary/core';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client.ts';
import { Field } from '../../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../../components/field-errors.ts';
import { errorMessage } from '../../../components/format.ts';
import { checkSource } from './checked-source.ts';
import { DatabaseFields } from './database-fields.tsx';
import { DelimitedFileFields } from './delimited-file-fields.tsx';
import { DiscoveredColumns } from './discovered-columns.tsx';
import { SOURCE_TYPE_LABELS, withSourceType, type SourceFormState } from './source-form-state.ts';
import { SourceTestResult } from './source-test-result.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';

interface SourceTabProps {
  syncId: string | undefined;
  /** For those who may view the sync but not edit it: fields disabled, no Test Connection or Discover (the API needs edit). */
  isReadOnly: boolean;
  form: SourceFormState;
  isPasswordStored: boolean;
  errors: FieldErrors;
  discovery: TSourceColumnsResponse | undefined;
  onChange(form: SourceFormState): void;
  onErrors(errors: FieldErrors): void;
  onDiscovered(discovery: TSourceColumnsResponse): void;
}

/** The Source tab: where the rows come from, with Test Connection and Discover Columns. */
export function SourceTab(props: SourceTabProps) {
  const { syncId, isReadOnly, form, isPasswordStored, errors, discovery, onChange, onErrors, onDiscovered } = props;
  const [busy, setBusy] = useState<'testing' | 'discovering'>();
  const [testResult, setTestResult] = useState<TSourceTestResponse>();
  const [failure, setFailure] = useState<string>();
  const patch = (change: Partial<SourceFormState>) => onChange({ ...form, ...change });

  const run = async (action: 'testing' | 'discovering') => {
    setFailure(undefined);
    setTestResult(undefined);
    const checked = checkSource(form);
    if ('errors' in checked) {
      onErrors(checked.errors);
      return;
    }
    onErrors({});
    setBusy(action);
    const body = { source: checked.source, ...(syncId && { syncId }) };
    try {
      if (action === 'testing') setTestResult(await api.testSource(body));
      else onDiscovered(await api.sourceColumns(body));
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) onErrors(groupFieldIssues(error.body.fields, 'source.'));
      setFailure(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="source-title">
      <h2 id="source-title" className="visually-hidden">
        Source
      </h2>
      <fieldset className="plain-fieldset form-grid" disabled={isReadOnly}>
        <Field label="Source type" isRequired errors={errors.type}>
          {(fieldProps) => (
            <select
              {...fieldProps}
              value={form.type}
              onChange={(event) => onChange(withSourceType(form, event.target.value as SourceFormState['type']))}
            >
              <option value="none">Choose a source…</option>
              {(Object.entries(SOURCE_TYPE_LABELS) as Array<[TSourceType, string]>).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.type === 'delimited-file' && (
          <DelimitedFileFields form={form} isReadOnly={isReadOnly} errors={errors} onChange={patch} />
        )}
        {(form.type === 'postgresql' || form.type === 'mysql') && (
          <DatabaseFields form={form} isPasswordStored={isPasswordStored} errors={errors} onChange={patch} />
        )}
      </fieldset>
      {form.type !== 'none' && !isReadOnly && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => void run('testing')}
            disabled={busy !== undefined}
            aria-busy={busy === 'testing'}
          >
            {busy === 'testing' ? 'Testing…' : 'Test Connection'}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void run('discovering')}
            disabled={busy !== undefined}
            aria-busy={busy === 'discovering'}
          >
            {busy === 'discovering' ? 'Discovering…' : 'Discover Columns'}
          </button>
          <ErrorAlert message={failure} />
        </div>
      )}
      {testResult && <SourceTestResult result={testResult} />}
      {discovery && form.type !== 'none' && <DiscoveredColumns discovery={discovery} />}
    </section>
  );
}
