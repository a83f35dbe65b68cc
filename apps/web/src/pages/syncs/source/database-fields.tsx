import { Field } from '../../../components/field.tsx';
import type { FieldErrors } from '../../../components/field-errors.ts';
import { SecretInput, TextInput } from '../../../components/text-input.tsx';
import type { SourceFormState } from './source-form-state.ts';

interface DatabaseFieldsProps {
  form: SourceFormState;
  isPasswordStored: boolean;
  errors: FieldErrors;
  onChange(patch: Partial<SourceFormState>): void;
}

/** Connection fields of a PostgreSQL or MySQL/MariaDB source, and the table or query it reads. */
export function DatabaseFields({ form, isPasswordStored, errors, onChange }: DatabaseFieldsProps) {
  const tableHelp =
    form.type === 'postgresql'
      ? 'schema.name, or name for the search path (usually public).'
      : 'name, or database.name for another database.';
  return (
    <>
      <div className="field-row">
        <TextInput
          label="Host"
          isRequired
          value={form.host}
          onChange={(host) => onChange({ host })}
          errors={errors.host}
        />
        <TextInput
          label="Port"
          type="number"
          isRequired
          value={form.port}
          onChange={(port) => onChange({ port })}
          errors={errors.port}
        />
      </div>
      <TextInput
        label="Database"
        isRequired
        value={form.database}
        onChange={(database) => onChange({ database })}
        errors={errors.database}
      />
      <div className="field-row">
        <TextInput
          label="User"
          isRequired
          value={form.user}
          onChange={(user) => onChange({ user })}
          errors={errors.user}
        />
        <SecretInput
          label="Password"
          isStored={isPasswordStored}
          value={form.password}
          onChange={(password) => onChange({ password })}
          errors={errors.password}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.useSsl} onChange={(event) => onChange({ useSsl: event.target.checked })} />
        Use SSL (TLS to the database)
      </label>

      <fieldset className="fieldset">
        <legend>Rows to read</legend>
        <div className="radio-row">
          <label className="checkbox">
            <input
              type="radio"
              name="reads-from"
              checked={form.readsFrom === 'table'}
              onChange={() => onChange({ readsFrom: 'table' })}
            />
            A whole table
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="reads-from"
              checked={form.readsFrom === 'query'}
              onChange={() => onChange({ readsFrom: 'query' })}
            />
            A SELECT query
          </label>
        </div>
        {form.readsFrom === 'table' ? (
          <TextInput
            label="Table"
            isRequired
            value={form.table}
            onChange={(table) => onChange({ table })}
            errors={errors.table}
            help={tableHelp}
          />
        ) : (
          <Field
            label="SELECT query"
            isRequired
            errors={[...(errors.query ?? []), ...(errors.table ?? [])]}
            help="Read with a server-side cursor, so any size of result is fine. Rows come in the query's order."
          >
            {(props) => (
              <textarea
                {...props}
                rows={5}
                spellCheck={false}
                value={form.query}
                placeholder="SELECT id, name, total FROM orders WHERE status = 'paid'"
                onChange={(event) => onChange({ query: event.target.value })}
              />
            )}
          </Field>
        )}
      </fieldset>
    </>
  );
}
