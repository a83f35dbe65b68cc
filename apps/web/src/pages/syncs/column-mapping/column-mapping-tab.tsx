import {
  toFieldIssues,
  unknownSourceColumns,
  ZColumnMappingSchema,
  type TSourceColumnsResponse,
  type TSyncPreviewResponse,
} from '@tributary/core';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../../api/client.ts';
import { Field } from '../../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../../components/field-errors.ts';
import { errorMessage } from '../../../components/format.ts';
import { checkSource } from '../source/checked-source.ts';
import type { SourceFormState } from '../source/source-form-state.ts';
import {
  columnMappingInputFromForm,
  moveRow,
  newMappingRow,
  type ColumnMappingFormState,
  type MappingRowState,
} from './column-mapping-form-state.ts';
import { MappingPreview } from './mapping-preview.tsx';
import { MappingRowEditor } from './mapping-row-editor.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';

interface ColumnMappingTabProps {
  syncId: string | undefined;
  /** For those who may view the sync but not edit it: rows disabled, no Discover or Preview (the API needs edit). */
  isReadOnly: boolean;
  form: ColumnMappingFormState;
  source: SourceFormState;
  discovery: TSourceColumnsResponse | undefined;
  /** Relative to `columnMapping.` (`rows.2.targetColumn`). */
  errors: FieldErrors;
  onChange(form: ColumnMappingFormState): void;
  onErrors(errors: FieldErrors): void;
  onSourceErrors(errors: FieldErrors): void;
  onDiscovered(discovery: TSourceColumnsResponse): void;
}

const BIG_NUMBER_WARNING =
  'JSON numbers are 64-bit floating point for most consumers: integers beyond 2^53 (9,007,199,254,740,992) and decimals with more than 15–17 significant digits lose precision. Strings keep every digit.';

/** Splits an API error's fields into the Source tab's and this tab's, without their prefixes. */
function splitApiFields(error: unknown): { source: FieldErrors; mapping: FieldErrors } | undefined {
  if (!(error instanceof ApiError) || !error.body.fields) return undefined;
  const source = error.body.fields.filter((issue) => issue.field.startsWith('source.'));
  const mapping = error.body.fields.filter((issue) => !issue.field.startsWith('source.'));
  return { source: groupFieldIssues(source, 'source.'), mapping: groupFieldIssues(mapping, 'columnMapping.') };
}

/** The Column Mapping tab: ordered Source Column → Target Column rows, the message key, and a preview. */
export function ColumnMappingTab(props: ColumnMappingTabProps) {
  const { syncId, isReadOnly, form, source, discovery, errors, onErrors, onSourceErrors, onDiscovered } = props;
  const [busy, setBusy] = useState<'discovering' | 'previewing'>();
  const [failure, setFailure] = useState<string>();
  const [previewLimit, setPreviewLimit] = useState('10');
  const [preview, setPreview] = useState<TSyncPreviewResponse>();
  const columns = discovery?.columns;
  // A preview of an older mapping would show messages the sync no longer produces.
  const onChange = (changed: ColumnMappingFormState) => {
    setPreview(undefined);
    props.onChange(changed);
  };

  // Row errors are indexed by position: a structural change makes them point at the wrong rows.
  const setRows = (rows: MappingRowState[], isStructural: boolean) => {
    if (isStructural) onErrors({});
    onChange({ ...form, rows });
  };

  /** The source to send, or undefined after pointing the user at the Source tab. */
  const checkedSource = () => {
    const checked = checkSource(source);
    if ('errors' in checked) {
      onSourceErrors(checked.errors);
      setFailure('The Source tab needs attention first.');
      return undefined;
    }
    return checked.source;
  };

  const discover = async () => {
    setFailure(undefined);
    const checked = checkedSource();
    if (!checked) return;
    setBusy('discovering');
    try {
      onDiscovered(await api.sourceColumns({ source: checked, ...(syncId && { syncId }) }));
    } catch (error) {
      const fields = splitApiFields(error);
      if (fields) onSourceErrors(fields.source);
      setFailure(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  // A saved sync opens with its mapping but no discovery yet: fetch the columns to choose from.
  const canDiscoverQuietly = !isReadOnly && !columns && 'source' in checkSource(source);
  useEffect(() => {
    if (canDiscoverQuietly) void discover();
    // Only when the tab opens; later discoveries are the user's to ask for.
  }, []);

  const runPreview = async () => {
    setFailure(undefined);
    setPreview(undefined);
    const checked = checkedSource();
    if (!checked) return;
    const columnMapping = columnMappingInputFromForm(form);
    const parsed = ZColumnMappingSchema.safeParse(columnMapping ?? { rows: [] });
    if (!parsed.success) {
      onErrors(groupFieldIssues(toFieldIssues(parsed.error)));
      setFailure('Some mapping rows need attention.');
      return;
    }
    const unknown = columns
      ? unknownSourceColumns(
          parsed.data,
          columns.map((column) => column.name),
        )
      : [];
    if (unknown.length > 0) {
      onErrors(groupFieldIssues(unknown));
      setFailure('Some mapping rows need attention.');
      return;
    }
    onErrors({});
    setBusy('previewing');
    try {
      setPreview(
        await api.previewSync({
          source: checked,
          columnMapping: parsed.data,
          limit: Math.min(100, Math.max(1, Math.trunc(Number(previewLimit)) || 10)),
          ...(syncId && { syncId }),
        }),
      );
    } catch (error) {
      const fields = splitApiFields(error);
      if (fields) {
        onSourceErrors(fields.source);
        onErrors(fields.mapping);
      }
      setFailure(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  const unmapped = columns?.filter((column) => !form.rows.some((row) => row.sourceColumn === column.name)) ?? [];

  return (
    <section aria-labelledby="column-mapping-title">
      <h2 id="column-mapping-title" className="visually-hidden">
        Column Mapping
      </h2>
      <div className="help-box">
        <p>
          Each row writes one source column to one attribute of the message's JSON value; a source column may feed
          several targets. A dot in a Target Column builds nested objects: <code>customer.name</code> gives{' '}
          <code>{'{"customer":{"name":…}}'}</code>. Write <code>\.</code> for a literal dot (<code>price\.eur</code>{' '}
          gives <code>{'{"price.eur":…}'}</code>) and <code>\\</code> for a backslash.
        </p>
      </div>

      {!columns && !isReadOnly && (
        <div className="action-notice">
          <p>Discover the source's columns to choose from them.</p>
          <button type="button" className="secondary" onClick={() => void discover()} disabled={busy !== undefined}>
            {busy === 'discovering' ? 'Discovering…' : 'Discover Columns'}
          </button>
        </div>
      )}

      <fieldset className="plain-fieldset" disabled={isReadOnly}>
        <div className="mapping-header" aria-hidden="true">
          <span />
          <span>Source Column</span>
          <span />
          <span>Target Column</span>
        </div>
        {form.rows.length === 0 && <p className="muted">No columns mapped yet.</p>}
        <ol className="mapping-rows" aria-label="Column mappings">
          {form.rows.map((row, index) => (
            <MappingRowEditor
              key={row.key}
              row={row}
              index={index}
              count={form.rows.length}
              columns={columns}
              errors={{
                row: errors[`rows.${index}`],
                sourceColumn: errors[`rows.${index}.sourceColumn`],
                targetColumn: errors[`rows.${index}.targetColumn`],
              }}
              onChange={(changed) =>
                setRows(
                  form.rows.map((other, i) => (i === index ? changed : other)),
                  false,
                )
              }
              onMove={(by) => setRows(moveRow(form.rows, index, by), true)}
              onRemove={() =>
                setRows(
                  form.rows.filter((_, i) => i !== index),
                  true,
                )
              }
            />
          ))}
        </ol>
        {errors.rows && (
          <p className="field-error" role="alert">
            {errors.rows.join(' ')}
          </p>
        )}
        {!isReadOnly && (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setRows([...form.rows, newMappingRow()], true)}>
              Add row
            </button>
            {unmapped.length > 0 && (
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  setRows([...form.rows, ...unmapped.map((column) => newMappingRow(column.name, column.name))], true)
                }
              >
                Map the {unmapped.length} unmapped {unmapped.length === 1 ? 'column' : 'columns'}
              </button>
            )}
          </div>
        )}

        <div className="form-grid mapping-options">
          <Field
            label="Message key"
            errors={errors.keyColumn}
            help="Messages with the same key go to the same partition, so they keep their order. None spreads messages over the partitions."
          >
            {(fieldProps) => (
              <select
                {...fieldProps}
                value={form.keyColumn}
                onChange={(event) => onChange({ ...form, keyColumn: event.target.value })}
              >
                <option value="">None</option>
                {columns?.map((column) => (
                  <option key={column.name} value={column.name}>
                    {column.name}
                  </option>
                ))}
                {form.keyColumn !== '' && !columns?.some((column) => column.name === form.keyColumn) && (
                  <option value={form.keyColumn}>{form.keyColumn}</option>
                )}
              </select>
            )}
          </Field>
          <fieldset className="fieldset">
            <legend>Big numbers (64-bit integers and decimals)</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="big-numbers-as"
                checked={form.bigNumbersAs === 'string'}
                onChange={() => onChange({ ...form, bigNumbersAs: 'string' })}
              />
              As strings (every digit kept)
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="big-numbers-as"
                checked={form.bigNumbersAs === 'number'}
                onChange={() => onChange({ ...form, bigNumbersAs: 'number' })}
              />
              As JSON numbers
            </label>
            {form.bigNumbersAs === 'number' && <p className="field-warning">{BIG_NUMBER_WARNING}</p>}
          </fieldset>
        </div>
      </fieldset>

      {!isReadOnly && (
        <div className="actions preview-actions">
          <Field label="Rows to preview">
            {(fieldProps) => (
              <input
                {...fieldProps}
                type="number"
                min={1}
                max={100}
                className="narrow"
                value={previewLimit}
                onChange={(event) => setPreviewLimit(event.target.value)}
              />
            )}
          </Field>
          <button
            type="button"
            className="secondary"
            onClick={() => void runPreview()}
            disabled={busy !== undefined}
            aria-busy={busy === 'previewing'}
          >
            {busy === 'previewing' ? 'Building preview…' : 'Preview'}
          </button>
          <ErrorAlert message={failure} />
        </div>
      )}
      {preview && <MappingPreview preview={preview} />}
    </section>
  );
}
