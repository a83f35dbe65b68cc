import type { TSourceColumnsResponse } from '@tributary/core';

/** A sample value as the JSON message would carry it; null and empty text stay distinguishable. */
function SampleValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">null</span>;
  if (typeof value === 'string') return <>{value === '' ? <span className="muted">(empty)</span> : value}</>;
  return <span className="sample-json">{JSON.stringify(value)}</span>;
}

/** The source's columns with their types, then the first rows as a table. */
export function DiscoveredColumns({ discovery }: { discovery: TSourceColumnsResponse }) {
  const { columns, sampleRows } = discovery;
  return (
    <section className="discovery" aria-labelledby="discovered-columns-title">
      <h3 id="discovered-columns-title">
        {columns.length} {columns.length === 1 ? 'column' : 'columns'} found
      </h3>
      <ul className="column-chips" aria-label="Discovered columns">
        {columns.map((column) => (
          <li key={column.name} className="column-chip">
            <span className="column-chip-name">{column.name}</span>
            <span className="column-chip-type">{column.type}</span>
          </li>
        ))}
      </ul>
      <h3 id="sample-rows-title">Sample rows</h3>
      {sampleRows.length === 0 ? (
        <p className="muted">The source has no rows yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table compact" aria-labelledby="sample-rows-title">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.name} scope="col">
                    {column.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sampleRows.map((row, index) => (
                <tr key={index}>
                  {columns.map((column) => (
                    <td key={column.name}>
                      <SampleValue value={row[column.name]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
