import { toFieldIssues, ZGroupCreateRequestSchema, type TGroupCreateRequest } from '@tributary/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';

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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ isError: boolean; message: string }>();
  const [isSending, setIsSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    const checked = ZGroupCreateRequestSchema.safeParse(form);
    if (!checked.success) {
      setErrors(groupFieldIssues(toFieldIssues(checked.error)));
      return;
    }
    setErrors({});
    setIsSending(true);
    try {
      setOutcome({ isError: false, message: await onSubmit(checked.data) });
      if (isResetAfterSubmit) setForm(initial);
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(groupFieldIssues(error.body.fields));
      setOutcome({ isError: true, message: errorMessage(error) });
    } finally {
      setIsSending(false);
    }
  };

  const titleId = `${title.toLowerCase().replaceAll(' ', '-')}-title`;
  return (
    <form className="fieldset form-grid" noValidate onSubmit={(event) => void submit(event)} aria-labelledby={titleId}>
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
          {outcome && <span className={outcome.isError ? 'error' : undefined}>{outcome.message}</span>}
        </span>
      </div>
    </form>
  );
}
