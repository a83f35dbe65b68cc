import { JOB_STATUSES, type TJobStatus, type TJobSummary, type TSyncSummary } from '@tributary/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { errorMessage, formatCount, formatDateTime, formatShortDateTime } from '../../components/format.ts';
import { usePolling } from '../../components/use-polling.ts';
import { isJobFinished, jobDuration, JOB_STATUS_LABELS, JobStatusBadge } from './job-status.tsx';
import { StartJobDialog } from './start-job-dialog.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

const isJobStatus = (value: string | null): value is TJobStatus => JOB_STATUSES.some((status) => status === value);

/** Jobs: every run, newest first, filtered by sync and status (kept in the URL), refreshed while any runs. */
export function JobListPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const syncId = searchParams.get('syncId') ?? '';
  const statusParam = searchParams.get('status');
  const status = isJobStatus(statusParam) ? statusParam : '';
  const [jobs, setJobs] = useState<TJobSummary[]>();
  const [syncs, setSyncs] = useState<TSyncSummary[]>([]);
  const [error, setError] = useState<string>();
  const [isStarting, setIsStarting] = useState(false);

  const load = useCallback(
    () =>
      api.jobs({ ...(syncId && { syncId }), ...(status && { status }) }).then(
        (answer) => {
          setJobs(answer.jobs);
          setError(undefined);
        },
        (failure: unknown) => setError(errorMessage(failure)),
      ),
    [syncId, status],
  );

  useEffect(() => {
    setJobs(undefined);
    void load();
  }, [load]);
  useEffect(() => {
    api.syncs().then(
      (answer) => setSyncs(answer.syncs),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, []);
  usePolling(load, jobs?.some((job) => !isJobFinished(job.status)) ?? false, 2000);

  const setFilter = (name: 'syncId' | 'status', value: string) =>
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  return (
    <section aria-labelledby="jobs-title">
      <div className="page-header">
        <h1 id="jobs-title">Jobs</h1>
        {syncs.some((sync) => sync.access.canRun) && (
          <button type="button" onClick={() => setIsStarting(true)}>
            Start a Job
          </button>
        )}
      </div>
      <div className="job-filters" role="search" aria-label="Filter jobs">
        <Field label="Data sync">
          {(props) => (
            <select {...props} value={syncId} onChange={(event) => setFilter('syncId', event.target.value)}>
              <option value="">All data syncs</option>
              {syncs.map((sync) => (
                <option key={sync.id} value={sync.id}>
                  {sync.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(props) => (
            <select {...props} value={status} onChange={(event) => setFilter('status', event.target.value)}>
              <option value="">Any status</option>
              {JOB_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {JOB_STATUS_LABELS[value]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorAlert message={error} />
      {!jobs && !error && <p aria-busy="true">Loading…</p>}
      {jobs?.length === 0 && (
        <p className="muted">
          {syncId || status
            ? 'No jobs match these filters.'
            : 'No jobs yet. Start one to move a sync’s rows into Kafka.'}
        </p>
      )}
      {jobs && jobs.length > 0 && (
        <div className="table-scroll">
          <table className="table jobs-table">
            <thead>
              <tr>
                <th scope="col">Data sync</th>
                <th scope="col">Status</th>
                <th scope="col">Started by</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col" className="number">
                  Read
                </th>
                <th scope="col" className="number">
                  Produced
                </th>
                <th scope="col" className="number">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link
                      to={`/jobs/${job.id}`}
                      aria-label={`Job of ${job.sync.name}, ${formatDateTime(job.queuedAt)}`}
                    >
                      {job.sync.name}
                    </Link>
                  </td>
                  <td>
                    <JobStatusBadge status={job.status} reason={job.errorMessage} />
                  </td>
                  <td>{job.startedBy?.email ?? <span className="muted">—</span>}</td>
                  <td>
                    <time
                      dateTime={job.startedAt ?? job.queuedAt}
                      title={formatDateTime(job.startedAt ?? job.queuedAt)}
                    >
                      {formatShortDateTime(job.startedAt ?? job.queuedAt)}
                    </time>
                  </td>
                  <td>{jobDuration(job)}</td>
                  <td className="number">{formatCount(job.rowsRead)}</td>
                  <td className="number">{formatCount(job.rowsProduced)}</td>
                  <td className={job.rowsFailed > 0 ? 'number error' : 'number'}>{formatCount(job.rowsFailed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isStarting && <StartJobDialog initialSyncId={syncId || undefined} onClose={() => setIsStarting(false)} />}
    </section>
  );
}
