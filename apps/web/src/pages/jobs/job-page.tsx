import type { TJobDetail, TJobErrorsResponse, TJobLogEntry } from '@tributary/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage, formatCount, formatDateTime } from '../../components/format.ts';
import { usePolling } from '../../components/use-polling.ts';
import { ERRORS_PAGE_SIZE, JobErrorsTable } from './job-errors-table.tsx';
import { JobLog } from './job-log.tsx';
import { JobProgress } from './job-progress.tsx';
import { isJobFinished, jobDuration, JobStatusBadge } from './job-status.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

const formatThroughput = (rowsPerSecond: number | null) =>
  rowsPerSecond === null ? '—' : `${formatCount(Math.round(rowsPerSecond))} rows/s`;

/** One job: live status, progress and throughput, Cancel while it runs, its log and its errored rows. */
export function JobPage() {
  const { id = '' } = useParams();
  const [job, setJob] = useState<TJobDetail>();
  const [log, setLog] = useState<TJobLogEntry[]>([]);
  const [errors, setErrors] = useState<TJobErrorsResponse>();
  const [errorsOffset, setErrorsOffset] = useState(0);
  const [failure, setFailure] = useState<string>();
  const [isCancelling, setIsCancelling] = useState(false);
  // Cancelling needs the run right on the job's sync, which the sync's view carries.
  const [canRun, setCanRun] = useState(false);
  const jobSyncId = job?.sync.id;

  // The job first, then its log and errors: once it reads finished, they hold everything.
  const load = useCallback(async () => {
    try {
      const current = await api.job(id);
      const [logs, page] = await Promise.all([
        api.jobLogs(id),
        api.jobErrors(id, { offset: errorsOffset, limit: ERRORS_PAGE_SIZE }),
      ]);
      setJob(current);
      setLog(logs.entries);
      setErrors(page);
      setFailure(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }, [id, errorsOffset]);

  useEffect(() => {
    void load();
  }, [load]);
  usePolling(load, job !== undefined && !isJobFinished(job.status), 1000);
  useEffect(() => {
    if (!jobSyncId) return;
    api.sync(jobSyncId).then(
      (sync) => setCanRun(sync.access.canRun),
      () => setCanRun(false),
    );
  }, [jobSyncId]);

  const cancel = async () => {
    setIsCancelling(true);
    try {
      await api.cancelJob(id);
      await load();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setIsCancelling(false);
    }
  };

  if (!job) {
    return failure ? <ErrorAlert message={failure} /> : <p aria-busy="true">Loading…</p>;
  }
  const isRunning = !isJobFinished(job.status);
  const isCancelRequested = job.cancelRequestedAt !== null;
  return (
    <section aria-labelledby="job-title" aria-busy={isRunning}>
      <p className="breadcrumb">
        <Link to="/jobs">Jobs</Link> /
      </p>
      <div className="page-header">
        <h1 id="job-title">
          Job of <Link to={`/syncs/${job.sync.id}`}>{job.sync.name}</Link>
        </h1>
        {isRunning && canRun && (
          <button
            type="button"
            className="danger-button"
            onClick={() => void cancel()}
            disabled={isCancelling || isCancelRequested}
          >
            {isCancelRequested ? 'Cancelling…' : 'Cancel Job'}
          </button>
        )}
      </div>
      <div className="job-status-line" role="status" aria-live="polite">
        <JobStatusBadge status={job.status} />
        {isCancelRequested && isRunning && <span className="muted">Cancel requested; stopping after this batch.</span>}
      </div>
      {job.errorMessage && (
        <p className="warning-box" role="alert">
          {job.errorMessage}
        </p>
      )}
      <ErrorAlert message={failure} />

      <JobProgress job={job} />
      <dl className="job-stats">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="rows-read">{formatCount(job.rowsRead)}</dd>
        </div>
        <div>
          <dt>Rows produced</dt>
          <dd data-testid="rows-produced">{formatCount(job.rowsProduced)}</dd>
        </div>
        <div>
          <dt>Rows failed</dt>
          <dd data-testid="rows-failed" className={job.rowsFailed > 0 ? 'error' : undefined}>
            {formatCount(job.rowsFailed)}
          </dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd data-testid="throughput">{formatThroughput(job.throughput)}</dd>
        </div>
      </dl>
      <dl className="facts job-facts">
        <dt>Started by</dt>
        <dd>{job.startedBy?.email ?? '—'}</dd>
        <dt>Queued</dt>
        <dd>{formatDateTime(job.queuedAt)}</dd>
        <dt>Started</dt>
        <dd>{job.startedAt ? formatDateTime(job.startedAt) : '—'}</dd>
        <dt>Finished</dt>
        <dd>{job.finishedAt ? formatDateTime(job.finishedAt) : '—'}</dd>
        <dt>Duration</dt>
        <dd>{jobDuration(job)}</dd>
      </dl>

      <h2 className="section-title" id="job-errors-title">
        Errors
      </h2>
      {errors && (
        <JobErrorsTable
          errors={errors}
          offset={errorsOffset}
          csvUrl={api.jobErrorsCsvUrl(id)}
          onPage={setErrorsOffset}
        />
      )}

      <h2 className="section-title">Execution log</h2>
      <JobLog entries={log} />
    </section>
  );
}
