import type { TSyncSummary } from '@tributary/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Field } from '../../components/field.tsx';
import { errorMessage } from '../../components/format.ts';
import { useModalDialog } from '../../components/use-modal-dialog.ts';

interface StartJobDialogProps {
  /** Preselected, e.g. when the list is filtered by one sync. */
  initialSyncId: string | undefined;
  onClose(): void;
}

/** Jobs > Start a Job: pick a sync the user may run that has a source and a mapping, start it, open its page. */
export function StartJobDialog({ initialSyncId, onClose }: StartJobDialogProps) {
  const dialog = useModalDialog();
  const navigate = useNavigate();
  const [syncs, setSyncs] = useState<TSyncSummary[]>();
  const [syncId, setSyncId] = useState(initialSyncId ?? '');
  const [isStarting, setIsStarting] = useState(false);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    api.syncs().then(
      (answer) => {
        const runnable = answer.syncs.filter((sync) => sync.access.canRun);
        setSyncs(runnable);
        // A preselected sync the user may not run is no choice at all.
        setSyncId(
          (current) =>
            runnable.find((sync) => sync.id === current)?.id ??
            runnable.find((sync) => sync.sourceType !== null)?.id ??
            '',
        );
      },
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, []);

  const start = async () => {
    if (!syncId) {
      setFailure('Choose a data sync.');
      return;
    }
    setFailure(undefined);
    setIsStarting(true);
    try {
      const job = await api.startJob({ syncId });
      void navigate(`/jobs/${job.id}`);
    } catch (error) {
      setFailure(errorMessage(error));
      setIsStarting(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog narrow-dialog" aria-labelledby="start-job-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <h2 id="start-job-title">Start a Job</h2>
        <p className="muted">The job reads every row of the sync's source and produces it to the sync's topic.</p>
        {!syncs && !failure && <p aria-busy="true">Loading data syncs…</p>}
        {syncs?.length === 0 && <p>There are no data syncs you may run. Create one first, or ask for the run right.</p>}
        {syncs && syncs.length > 0 && (
          <Field label="Data sync" isRequired>
            {(props) => (
              <select {...props} value={syncId} onChange={(event) => setSyncId(event.target.value)} autoFocus>
                <option value="">Choose a data sync…</option>
                {syncs.map((sync) => (
                  <option key={sync.id} value={sync.id} disabled={sync.sourceType === null}>
                    {sync.name} → {sync.topic}
                    {sync.sourceType === null ? ' (no source yet)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <ErrorAlert message={failure} />
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" disabled={isStarting || !syncs?.length} aria-busy={isStarting}>
            {isStarting ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
