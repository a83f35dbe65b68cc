import {
  toFieldIssues,
  USER_ROLE_LABELS,
  USER_ROLES,
  ZUserCreateRequestSchema,
  type TUserRole,
  type TUserView,
} from '@tributary/core';
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';

const EMPTY = { email: '', displayName: '', role: 'operator' as TUserRole, password: '' };

/** Creates a user with an initial password, which the admin hands over out of band. */
export function UserCreateForm({ onCreated }: { onCreated(user: TUserView): void }) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isSending, setIsSending] = useState(false);
  const set = (patch: Partial<typeof EMPTY>) => setForm((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = ZUserCreateRequestSchema.safeParse(form);
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      onCreated(await api.createUser(checked.data));
      setForm(EMPTY);
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setFailure(errorMessage(error));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <form className="fieldset form-grid" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="new-user">
      <h2 id="new-user" className="form-title">
        New user
      </h2>
      <Field label="Email" isRequired errors={errors.email}>
        {(props) => (
          <input
            {...props}
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(event) => set({ email: event.target.value })}
          />
        )}
      </Field>
      <Field label="Display name" isRequired errors={errors.displayName}>
        {(props) => (
          <input
            {...props}
            type="text"
            autoComplete="off"
            value={form.displayName}
            onChange={(event) => set({ displayName: event.target.value })}
          />
        )}
      </Field>
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
      <Field label="Initial password" isRequired errors={errors.password}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(event) => set({ password: event.target.value })}
          />
        )}
      </Field>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="submit" disabled={isSending}>
        {isSending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
