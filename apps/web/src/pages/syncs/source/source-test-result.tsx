import type { TSourceTestResponse } from '@tributary/core';

/** The answer of Test Connection on the Source tab, shown in place. */
export function SourceTestResult({ result }: { result: TSourceTestResponse }) {
  return (
    <div className={result.ok ? 'result-box result-ok' : 'result-box result-bad'} role="status">
      <strong>{result.ok ? 'Connection Successful' : 'Connection Failed'}</strong>
      <p>{result.message}</p>
      {result.hint && <p className="dialog-hint">{result.hint}</p>}
    </div>
  );
}
