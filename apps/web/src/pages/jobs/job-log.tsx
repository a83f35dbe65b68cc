import type { TJobLogEntry } from '@tributary/core';
import { useEffect, useRef } from 'react';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The job's execution log, oldest first, kept scrolled to the newest line while the reader is there. */
export function JobLog({ entries }: { entries: TJobLogEntry[] }) {
  const box = useRef<HTMLOListElement>(null);
  const wasAtBottom = useRef(true);
  useEffect(() => {
    const element = box.current;
    if (element && wasAtBottom.current) element.scrollTop = element.scrollHeight;
  }, [entries.length]);
  if (entries.length === 0) return <p className="muted">Nothing logged yet.</p>;
  return (
    <ol
      ref={box}
      className="job-log"
      aria-label="Execution log"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        wasAtBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 8;
      }}
    >
      {entries.map((entry, index) => (
        <li key={index} className={`job-log-entry job-log-${entry.level}`}>
          <time dateTime={entry.at}>{time(entry.at)}</time>
          <span className="job-log-level">{entry.level}</span>
          <span className="job-log-message">{entry.message}</span>
        </li>
      ))}
    </ol>
  );
}
