import { useEffect, useRef } from 'react';

/**
 * Calls `load` now and then every `intervalMs` while `isActive`; a slow answer delays the next
 * call instead of stacking requests on a busy server.
 */
export function usePolling(load: () => Promise<unknown>, isActive: boolean, intervalMs = 1000): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!isActive) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isStopped = false;
    const tick = async () => {
      await latest.current().catch(() => undefined);
      if (!isStopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    timer = setTimeout(() => void tick(), intervalMs);
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [isActive, intervalMs]);
}
