import type { TAuditEvent } from '@tributary/core';

const show = (value: unknown): string =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string' && value !== ''
      ? value
      : JSON.stringify(value);

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  typeof value === 'object' && value !== null && 'from' in value && 'to' in value;

/**
 * One line per detail; a `changes` record (`field → { from, to }`) gets one line per field, so
 * an edit reads as "destination.topic: orders → invoices".
 */
function detailLines(details: TAuditEvent['details']): string[] {
  return Object.entries(details).flatMap(([key, value]) => {
    if (key === 'changes' && typeof value === 'object' && value !== null) {
      return Object.entries(value).map(([field, change]) =>
        isChange(change) ? `${field}: ${show(change.from)} → ${show(change.to)}` : `${field}: ${show(change)}`,
      );
    }
    return [`${key}: ${show(value)}`];
  });
}

export function AuditTable({ events }: { events: TAuditEvent[] }) {
  return (
    <table className="table audit-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Details</th>
          <th scope="col">Address</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
            </td>
            <td>{event.actor?.email ?? <span className="muted">anonymous</span>}</td>
            <td>
              <code>{event.action}</code>
            </td>
            <td>
              {event.targetType}
              {event.targetId && <div className="muted id">{event.targetId}</div>}
            </td>
            <td>
              <ul className="details">
                {detailLines(event.details).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </td>
            <td>{event.ip ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
