import { useId, useState, type ChangeEvent } from 'react';
import { api } from '../../../api/client.ts';
import { Field } from '../../../components/field.tsx';
import type { FieldErrors } from '../../../components/field-errors.ts';
import { errorMessage, formatBytes } from '../../../components/format.ts';
import { TextInput } from '../../../components/text-input.tsx';
import {
  DELIMITER_CHOICES,
  ENCODINGS,
  OTHER_DELIMITER,
  type Encoding,
  type SourceFormState,
} from './source-form-state.ts';

interface DelimitedFileFieldsProps {
  form: SourceFormState;
  /** Hides the upload: storing a file is a change only editors may make. */
  isReadOnly: boolean;
  errors: FieldErrors;
  onChange(patch: Partial<SourceFormState>): void;
}

/** The file (uploaded at once, stored with the sync on save) and how its lines are split. */
export function DelimitedFileFields({ form, isReadOnly, errors, onChange }: DelimitedFileFieldsProps) {
  const [upload, setUpload] = useState<{ kind: 'idle' | 'uploading' } | { kind: 'failed'; message: string }>({
    kind: 'idle',
  });
  const messagesId = useId();

  const uploadFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    setUpload({ kind: 'uploading' });
    try {
      onChange({ file: await api.uploadSourceFile(file) });
      setUpload({ kind: 'idle' });
    } catch (failure) {
      setUpload({ kind: 'failed', message: `The upload of ${file.name} failed: ${errorMessage(failure)}` });
    } finally {
      // Choosing the same file again after a failure must fire another change.
      input.value = '';
    }
  };

  const fileErrors = errors.fileId ?? [];
  return (
    <>
      <fieldset className={fileErrors.length > 0 ? 'fieldset field-invalid' : 'fieldset'}>
        <legend>File</legend>
        {form.file ? (
          <p className="stored-file" data-testid="stored-file">
            <span className="stored-file-name">{form.file.name}</span>
            <span className="muted">{formatBytes(form.file.size)}</span>
          </p>
        ) : (
          <p className="muted">No file yet. CSV, TSV or any delimited text; it is stored with the sync.</p>
        )}
        {!isReadOnly && (
          <label className="file-button upload-button" aria-busy={upload.kind === 'uploading'}>
            {upload.kind === 'uploading' ? 'Uploading…' : form.file ? 'Replace file…' : 'Upload a file…'}
            <input
              type="file"
              className="visually-hidden"
              accept=".csv,.tsv,.txt,.psv,text/csv,text/plain,text/tab-separated-values"
              aria-describedby={messagesId}
              disabled={upload.kind === 'uploading'}
              onChange={(event) => void uploadFile(event)}
            />
          </label>
        )}
        <div id={messagesId} className="field-messages">
          {upload.kind === 'failed' && (
            <p className="field-error" role="alert">
              {upload.message}
            </p>
          )}
          {fileErrors.map((error) => (
            <p key={error} className="field-error" role="alert">
              {error}
            </p>
          ))}
        </div>
      </fieldset>

      <div className="field-row">
        <Field label="Delimiter" errors={form.delimiterChoice === OTHER_DELIMITER ? undefined : errors.delimiter}>
          {(props) => (
            <select
              {...props}
              value={form.delimiterChoice}
              onChange={(event) => onChange({ delimiterChoice: event.target.value })}
            >
              {DELIMITER_CHOICES.map((choice) => (
                <option key={choice.label} value={choice.value}>
                  {choice.label}
                </option>
              ))}
              <option value={OTHER_DELIMITER}>Other…</option>
            </select>
          )}
        </Field>
        {form.delimiterChoice === OTHER_DELIMITER && (
          <TextInput
            label="Other delimiter"
            isRequired
            value={form.otherDelimiter}
            onChange={(otherDelimiter) => onChange({ otherDelimiter })}
            errors={errors.delimiter}
            help="1 to 4 characters."
          />
        )}
        <TextInput
          label="Quote character"
          value={form.quote}
          onChange={(quote) => onChange({ quote })}
          errors={errors.quote}
        />
        <TextInput
          label="Escape character"
          value={form.escape}
          onChange={(escape) => onChange({ escape })}
          errors={errors.escape}
          help="Often the quote itself (a doubled quote)."
        />
      </div>
      <div className="field-row">
        <Field label="Encoding" errors={errors.encoding}>
          {(props) => (
            <select
              {...props}
              value={form.encoding}
              onChange={(event) => onChange({ encoding: event.target.value as Encoding })}
            >
              {ENCODINGS.map((encoding) => (
                <option key={encoding.value} value={encoding.value}>
                  {encoding.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextInput
          label="Skip lines"
          type="number"
          value={form.skipLines}
          onChange={(skipLines) => onChange({ skipLines })}
          errors={errors.skipLines}
          help="Lines dropped at the top of the file, before the header."
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.hasHeaderRow}
          onChange={(event) => onChange({ hasHeaderRow: event.target.checked })}
        />
        First line is a header row (column names)
      </label>
      {!form.hasHeaderRow && (
        <p className="muted">Without a header, the columns are named column_1, column_2, … in file order.</p>
      )}
    </>
  );
}
