import { Link } from 'react-router';
import { Field } from '../../../components/field.tsx';
import type { FieldErrors } from '../../../components/field-errors.ts';
import { TextInput } from '../../../components/text-input.tsx';
import type { JobSettingsFormState } from './job-settings-form-state.ts';

interface SyncActionsTabProps {
  syncId: string | undefined;
  isReadOnly: boolean;
  form: JobSettingsFormState;
  /** Relative to `jobSettings.`. */
  errors: FieldErrors;
  onChange(form: JobSettingsFormState): void;
}

/** The Sync Actions tab: how this sync's batch jobs produce, and a way to the jobs themselves. */
export function SyncActionsTab({ syncId, isReadOnly, form, errors, onChange }: SyncActionsTabProps) {
  const patch = (change: Partial<JobSettingsFormState>) => onChange({ ...form, ...change });
  return (
    <section aria-labelledby="sync-actions-title">
      <h2 id="sync-actions-title" className="section-title">
        Batch jobs
      </h2>
      <p className="muted">
        A batch job reads every row of the source once and produces one message per row. Start one from{' '}
        {syncId ? <Link to={`/jobs?syncId=${syncId}`}>Jobs</Link> : 'Jobs'} once the sync is saved.
      </p>
      <fieldset className="plain-fieldset form-grid" disabled={isReadOnly}>
        <Field
          label="Compression"
          errors={errors.compression}
          help="gzip makes batches smaller on the wire and on disk."
        >
          {(props) => (
            <select
              {...props}
              value={form.compression}
              onChange={(event) => patch({ compression: event.target.value as JobSettingsFormState['compression'] })}
            >
              <option value="none">None</option>
              <option value="gzip">gzip</option>
            </select>
          )}
        </Field>
        <TextInput
          label="Error limit"
          type="number"
          value={form.errorLimit}
          onChange={(errorLimit) => patch({ errorLimit })}
          errors={errors.errorLimit}
          placeholder="No limit"
          help="The job fails once more rows than this could not be produced. Blank: no limit; 0: fail on the first bad row."
        />
        <TextInput
          label="Batch size"
          type="number"
          value={form.batchSize}
          onChange={(batchSize) => patch({ batchSize })}
          errors={errors.batchSize}
          help="Rows read, produced and acknowledged together (1–50,000). Larger batches are faster; after a crash at most one batch is produced twice."
        />
      </fieldset>
    </section>
  );
}
