import type { TJobDetail } from '@tributary/core';
import { formatCount } from '../../components/format.ts';
import { isJobFinished } from './job-status.tsx';

/**
 * Rows handled (produced or failed) against the rows the source said it holds. Sources that
 * cannot count (a query, a file) get a running count under an indeterminate bar.
 */
export function JobProgress({ job }: { job: TJobDetail }) {
  const done = job.rowsProduced + job.rowsFailed;
  const isFinished = isJobFinished(job.status);
  const expected = job.rowsExpected;
  const percent = expected ? Math.min(100, Math.floor((done / expected) * 100)) : undefined;
  const text =
    expected !== null
      ? `${formatCount(done)} of ${formatCount(expected)} rows${percent !== undefined ? ` (${percent}%)` : ''}`
      : `${formatCount(done)} rows${isFinished ? '' : ' so far'}`;
  return (
    <div className="job-progress">
      <progress
        aria-label="Job progress"
        aria-valuetext={text}
        className={`progress progress-${job.status.toLowerCase()}`}
        max={expected ?? 1}
        // No value draws an indeterminate bar: the total is unknown while it runs.
        value={expected !== null ? Math.min(done, expected) : isFinished ? 1 : undefined}
      />
      <span className="job-progress-text" data-testid="job-progress-text">
        {text}
      </span>
    </div>
  );
}
