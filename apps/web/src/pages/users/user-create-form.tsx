import {
  USER_ROLE_LABELS,
  USER_ROLES,
  ZUserCreateRequestSchema,
  type TUserRole,
  type TUserView,
} from '@tributary/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { AccountField } from '../../components/account-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Field } from '../../components/field.tsx';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';

const EMPTY = { email: '', displayName: '', role: 'operator' as TUserRole, password: '' };

/** Creates a user with an initial password, which the admin hands over out of band. */
export function UserCreateForm({ onCreated }: { onCreated(user: TUserView): void }) {
  const [form, setForm] = useState(EMPTY);
  const set = (patch: Partial<typeof EMPTY>) => setForm((current) => ({ ...current, ...patch }));
  const { onSubmit, errors, failure, isSending } = useCheckedSubmit({
    schema: ZUserCreateRequestSchema,
    values: () => form,
    send: async (body) => {
      onCreated(await api.createUser(body));
      setForm(EMPTY);
    },
  });

  return (
    <form className="fieldset form-grid" noValidate onSubmit={onSubmit} aria-labelledby="new-user">
      <h2 id="new-user" className="form-title">
        New user
      </h2>
      <AccountField
        label="Email"
        type="email"
        autoComplete="off"
        value={form.email}
        onChange={(value) => set({ email: value })}
        errors={errors.email}
      />
      <AccountField
        label="Display name"
        type="text"
        autoComplete="off"
        value={form.displayName}
        onChange={(value) => set({ displayName: value })}
        errors={errors.displayName}
      />
      <Field
        label="Role"
        isRequired
        errors={errors.role}
        help="Operators may create data syncs; viewers only read the syncs shared with them."
      >
        {(props) => (
          <select {...props} value={form.role} onChange={(event) => set({ role: event.target.value as TUserRole })}>
            {USER_ROLES.map((role) => (
              <option key={role} value={role}>
                {USER_ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <AccountField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={(value) => set({ password: value })}
        errors={errors.password}
      />
      <ErrorAlert message={failure} />
      <button type="submit" disabled={isSending}>
        {isSending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
