/**
 * What a connection test found that works but needs attention (a bootstrap server that could not
 * be used, verification off, a topic still to be created): above the steps, so a Successful
 * result does not hide it.
 */
export function ConnectionTestWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="test-warnings" aria-labelledby="test-warnings-title">
      <h3 id="test-warnings-title">{warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</h3>
      <ul>
        {warnings.map((warning, index) => (
          <li key={`${index}-${warning}`}>{warning}</li>
        ))}
      </ul>
    </section>
  );
}
