import type { TConnectionTestResponse } from '@tributary/core';
import { Link } from 'react-router';
import { ConnectionTestSteps } from './connection-test-steps.tsx';
import { ConnectionTestWarnings } from './connection-test-warnings.tsx';
import { useModalDialog } from './use-modal-dialog.ts';

interface ConnectionTestDialogProps {
  result: TConnectionTestResponse;
  onClose(): void;
}

/** The pop-up after Test Connection: Successful with what was found, or Failed with why. */
export function ConnectionTestDialog({ result, onClose }: ConnectionTestDialogProps) {
  const dialog = useModalDialog();
  const title = result.isSuccessful ? 'Connection Successful' : 'Connection Failed';
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="connection-test-title" onClose={onClose}>
      <h2 id="connection-test-title" className={result.isSuccessful ? 'ok' : 'bad'}>
        {title}
      </h2>
      <p className="dialog-message">{result.message}</p>
      {result.hint && <p className="dialog-hint">{result.hint}</p>}
      {result.isSuccessful && result.cluster && (
        <dl className="facts">
          <dt>Cluster id</dt>
          <dd>{result.cluster.clusterId}</dd>
          <dt>Brokers</dt>
          <dd>{result.cluster.brokerCount}</dd>
          {result.topic && (
            <>
              <dt>Topic partitions</dt>
              <dd>{result.topic.partitions}</dd>
              <dt>Replication factor</dt>
              <dd>{result.topic.replicationFactor}</dd>
            </>
          )}
        </dl>
      )}
      <ConnectionTestWarnings warnings={result.warnings} />
      <ConnectionTestSteps steps={result.steps} />
      <div className="dialog-actions">
        <Link to={`/connection-logs/${result.logId}`} target="_blank" rel="noopener">
          Open the log of this attempt
        </Link>
        <button type="button" onClick={() => dialog.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
