import type { TAuditEvent } from '@tributary/core';

function describeDetails(details: TAuditEvent['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
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
            <td className="details">{describeDetails(event.details)}</td>
            <td>{event.ip ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
