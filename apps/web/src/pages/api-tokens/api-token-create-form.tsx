import { ZApiTokenCreateRequestSchema, type TApiTokenCreated } from '@tributary/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Field } from '../../components/field.tsx';
import { TextInput } from '../../components/text-input.tsx';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';

/** Common lifetimes; a token that never expires is possible, not the default. */
const LIFETIMES = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: null, label: 'Never (until revoked)' },
] as const;

const EMPTY = { name: '', expiresInDays: 90 as number | null };

export function ApiTokenCreateForm({ onCreated }: { onCreated(created: TApiTokenCreated): void }) {
  const [form, setForm] = useState(EMPTY);
  const { onSubmit, errors, failure, isSending } = useCheckedSubmit({
    schema: ZApiTokenCreateRequestSchema,
    values: () => form,
    send: async (body) => {
      onCreated(await api.createApiToken(body));
      setForm(EMPTY);
    },
  });

  return (
    <form className="fieldset form-grid" noValidate onSubmit={onSubmit} aria-labelledby="new-token">
      <h2 id="new-token" className="form-title">
        New API token
      </h2>
      <TextInput
        label="Name"
        isRequired
        value={form.name}
        onChange={(name) => setForm({ ...form, name })}
        errors={errors.name}
        help="Where it will be used, e.g. “CI deploy” or “laptop”."
      />
      <Field label="Expires" errors={errors.expiresInDays}>
        {(props) => (
          <select
            {...props}
            value={String(form.expiresInDays)}
            onChange={(event) =>
              setForm({ ...form, expiresInDays: event.target.value === 'null' ? null : Number(event.target.value) })
            }
          >
            {LIFETIMES.map((lifetime) => (
              <option key={lifetime.label} value={String(lifetime.days)}>
                {lifetime.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorAlert message={failure} />
      <button type="submit" disabled={isSending}>
        {isSending ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}
