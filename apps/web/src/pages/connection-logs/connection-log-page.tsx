import type { TConnectionTestLog } from '@tributary/core';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ConnectionTestSteps } from '../../components/connection-test-steps.tsx';
import { ConnectionTestWarnings } from '../../components/connection-test-warnings.tsx';

/** The stored log of one Test Connection attempt. */
export function ConnectionLogPage() {
  const { id = '' } = useParams();
  const [log, setLog] = useState<TConnectionTestLog>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .connectionLog(id)
      .then(setLog, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [id]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!log) return <p aria-busy="true">Loading…</p>;
  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title">Connection test {log.isSuccessful ? 'succeeded' : 'failed'}</h1>
      <p className="muted">{new Date(log.createdAt).toLocaleString()}</p>
      <p>{log.message}</p>
      {log.hint && <p className="dialog-hint">{log.hint}</p>}
      <ConnectionTestWarnings warnings={log.warnings} />
      <ConnectionTestSteps steps={log.steps} />
      <h2>Destination as tested</h2>
      <pre className="code-block">{JSON.stringify(log.destination, null, 2)}</pre>
    </section>
  );
}
