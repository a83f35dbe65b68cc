import { toFieldIssues, ZKafkaDestinationInputSchema, type TConnectionTestResponse } from '@tributary/core';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client.ts';
import { ConnectionTestDialog } from '../../../components/connection-test-dialog.tsx';
import { groupFieldIssues, type FieldErrors } from '../../../components/field-errors.ts';
import { DestinationForm } from './destination-form.tsx';
import { destinationInputFromForm, type DestinationFormState, type SecretStatus } from './destination-form-state.ts';
import { ErrorAlert } from '../../../components/error-alert.tsx';

interface DestinationTabProps {
  syncId: string | undefined;
  /** For those who may view the sync but not edit it: every field and Test Connection disabled. */
  isReadOnly: boolean;
  form: DestinationFormState;
  secrets: SecretStatus;
  errors: FieldErrors;
  onChange(form: DestinationFormState): void;
  onErrors(errors: FieldErrors): void;
}

/** The Destination tab: the Kafka Topic form and its Test Connection button. */
export function DestinationTab({ syncId, isReadOnly, form, secrets, errors, onChange, onErrors }: DestinationTabProps) {
  const [isTesting, setIsTesting] = useState(false);
  const [result, setResult] = useState<TConnectionTestResponse>();
  const [failure, setFailure] = useState<string>();

  const testConnection = async () => {
    setFailure(undefined);
    const destination = destinationInputFromForm(form);
    const checked = ZKafkaDestinationInputSchema.safeParse(destination);
    if (!checked.success) {
      onErrors(groupFieldIssues(toFieldIssues(checked.error)));
      return;
    }
    onErrors({});
    setIsTesting(true);
    try {
      setResult(await api.testConnection({ destination, ...(syncId && { syncId }) }));
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) onErrors(groupFieldIssues(error.body.fields, 'destination.'));
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setIsTesting(false);
    }
  };

  return (
    <section aria-labelledby="destination-title">
      <h2 id="destination-title" className="visually-hidden">
        Destination
      </h2>
      <fieldset className="plain-fieldset" disabled={isReadOnly}>
        <DestinationForm form={form} secrets={secrets} errors={errors} onChange={onChange} />
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void testConnection()}
          disabled={isTesting || isReadOnly}
          aria-busy={isTesting}
        >
          {isTesting ? 'Testing…' : 'Test Connection'}
        </button>
        <ErrorAlert message={failure} />
      </div>
      {result && <ConnectionTestDialog result={result} onClose={() => setResult(undefined)} />}
    </section>
  );
}
