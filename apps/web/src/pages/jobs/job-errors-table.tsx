import type { TJobErrorsResponse } from '@tributary/core';
import { formatCount } from '../../components/format.ts';

export const ERRORS_PAGE_SIZE = 20;

interface JobErrorsTableProps {
  errors: TJobErrorsResponse;
  offset: number;
  csvUrl: string;
  onPage(offset: number): void;
}

function SourceValues({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <span className="muted">(none)</span>;
  return (
    <dl className="source-values">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Rows the job could not produce: their number in the source, their values and why, a page at a time. */
export function JobErrorsTable({ errors, offset, csvUrl, onPage }: JobErrorsTableProps) {
  const { total } = errors;
  if (total === 0) return <p className="muted">No row failed.</p>;
  const last = Math.min(offset + errors.errors.length, total);
  return (
    <>
      <div className="table-toolbar">
        <span>
          Rows {formatCount(offset + 1)}–{formatCount(last)} of {formatCount(total)}
        </span>
        <span className="pager">
          <button
            type="button"
            className="secondary small"
            disabled={offset === 0}
            onClick={() => onPage(Math.max(0, offset - ERRORS_PAGE_SIZE))}
          >
            Previous
          </button>
          <button
            type="button"
            className="secondary small"
            disabled={offset + ERRORS_PAGE_SIZE >= total}
            onClick={() => onPage(offset + ERRORS_PAGE_SIZE)}
          >
            Next
          </button>
        </span>
        <a className="button secondary small" href={csvUrl} download>
          Download errored rows (CSV)
        </a>
      </div>
      <table className="table errors-table" aria-label="Errored rows">
        <thead>
          <tr>
            <th scope="col" className="number">
              Row
            </th>
            <th scope="col">Source values</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {errors.errors.map((error) => (
            <tr key={error.rowNumber}>
              <td className="number">{error.rowNumber}</td>
              <td>
                <SourceValues values={error.sourceValues} />
              </td>
              <td>{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
