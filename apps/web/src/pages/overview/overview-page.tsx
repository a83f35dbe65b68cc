import type { TComponentHealth, THealthResponse } from '@tributary/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

function ComponentStatus({ name, health }: { name: string; health: TComponentHealth }) {
  return (
    <li className={`status status-${health.status}`} data-testid={`status-${name.toLowerCase()}`}>
      <span className="status-dot" aria-hidden />
      <span className="status-name">{name}</span>
      <span className="status-value">
        {health.status === 'up' ? `up · ${health.latencyMs ?? 0} ms` : `down · ${health.reason ?? 'no reason given'}`}
      </span>
    </li>
  );
}

const REFRESH_MS = 10_000;

export function OverviewPage() {
  const [health, setHealth] = useState<THealthResponse>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let isCurrent = true;
    const load = () =>
      api.health().then(
        (result) => isCurrent && (setHealth(result), setError(undefined)),
        (failure: unknown) => isCurrent && setError(failure instanceof Error ? failure.message : String(failure)),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">System status</h1>
      {error && (
        <p role="alert" className="error">
          Cannot reach the API: {error}
        </p>
      )}
      {!health && !error && <p aria-busy="true">Checking…</p>}
      {health && (
        <>
          <p className={`overall overall-${health.status}`}>
            {health.status === 'healthy' ? 'All systems are running.' : 'Something needs attention.'}
          </p>
          <ul className="status-list">
            <ComponentStatus name="Database" health={health.database} />
            <ComponentStatus name="Queue" health={health.queue} />
          </ul>
          <p className="muted">
            Version {health.version} · up {health.uptimeSeconds} s
          </p>
        </>
      )}
    </section>
  );
}
