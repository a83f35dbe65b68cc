import type { TSourceTestResponse } from '@tributary/core';

/** The answer of Test Connection on the Source tab, shown in place. */
export function SourceTestResult({ result }: { result: TSourceTestResponse }) {
  const title = result.ok ? 'Connection Successful' : 'Connection Failed';
  // Messages may repeat the verdict ("Connection Successful: 4 columns found"); say it once.
  const detail = result.message.startsWith(title)
    ? result.message.slice(title.length).replace(/^[:\s]+/, '')
    : result.message;
  return (
    <div className={result.ok ? 'result-box result-ok' : 'result-box result-bad'} role="status">
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
      {result.hint && <p className="dialog-hint">{result.hint}</p>}
    </div>
  );
}
