import { FINISHED_JOB_STATUSES, type TJobStatus, type TJobSummary } from '@tributary/core';
import { formatDuration } from '../../components/format.ts';

export const JOB_STATUS_LABELS: Record<TJobStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  SUCCEEDED_WITH_ERRORS: 'Succeeded with errors',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const isJobFinished = (status: TJobStatus): boolean => FINISHED_JOB_STATUSES.includes(status);

/**
 * The status as a coloured badge (with why it failed, on hover, when given). The machine name (`SUCCEEDED_WITH_ERRORS`) is kept as a data
 * attribute and tooltip: it is what the API, logs and support conversations use.
 */
export function JobStatusBadge({ status, reason }: { status: TJobStatus; reason?: string | null }) {
  return (
    <span
      className={`badge badge-${status.toLowerCase()}`}
      data-status={status}
      title={reason ? `${status}: ${reason}` : status}
    >
      {JOB_STATUS_LABELS[status]}
    </span>
  );
}

/** Time from start to finish, or to now while it runs; blank until it starts. */
export function jobDuration(job: Pick<TJobSummary, 'startedAt' | 'finishedAt'>, now = Date.now()): string {
  if (!job.startedAt) return '—';
  const end = job.finishedAt ? new Date(job.finishedAt).getTime() : now;
  return formatDuration(Math.max(0, end - new Date(job.startedAt).getTime()));
}
