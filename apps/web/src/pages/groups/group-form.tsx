import { ZGroupCreateRequestSchema, type TGroupCreateRequest } from '@tributary/core';
import { useState } from 'react';
import { Field } from '../../components/field.tsx';
import { useCheckedSubmit } from '../../components/use-checked-submit.ts';

interface GroupFormProps {
  title: string;
  submitLabel: string;
  initial: { name: string; description: string };
  /** Resolves with the message to show, e.g. "Saved.". */
  onSubmit(body: TGroupCreateRequest): Promise<string>;
  /** Empty the fields after a success (creating one group after another). */
  isResetAfterSubmit?: boolean;
}

/** A group's name and description: the New group form and the rename form of one group. */
export function GroupForm({ title, submitLabel, initial, onSubmit, isResetAfterSubmit = false }: GroupFormProps) {
  const [form, setForm] = useState(initial);
  const [success, setSuccess] = useState<string>();
  const {
    onSubmit: submit,
    errors,
    failure,
    isSending,
  } = useCheckedSubmit({
    schema: ZGroupCreateRequestSchema,
    values: () => form,
    send: async (body) => {
      setSuccess(await onSubmit(body));
      if (isResetAfterSubmit) setForm(initial);
    },
  });

  const titleId = `${title.toLowerCase().replaceAll(' ', '-')}-title`;
  return (
    <form
      className="fieldset form-grid"
      noValidate
      onSubmit={(event) => {
        // A new attempt clears the last one's outcome, even one the check stops.
        setSuccess(undefined);
        submit(event);
      }}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} className="form-title">
        {title}
      </h2>
      <Field label="Group name" isRequired errors={errors.name}>
        {(props) => (
          <input
            {...props}
            type="text"
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        )}
      </Field>
      <Field label="Description" errors={errors.description}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={form.description}
            onChange={(event) => setForm({ ...form, description: event.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={isSending}>
          {submitLabel}
        </button>
        <span role="status">
          {failure ? <span className="error">{failure}</span> : success && <span>{success}</span>}
        </span>
      </div>
    </form>
  );
}
