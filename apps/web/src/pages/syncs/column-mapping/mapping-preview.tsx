import type { TSyncPreviewResponse } from '@tributary/core';

/** JSON text re-indented for reading; the text produced to Kafka is the compact form of the same value. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The messages the first rows become (key and value), and the rows that would fail, by number. */
export function MappingPreview({ preview }: { preview: TSyncPreviewResponse }) {
  const items = [
    ...preview.messages.map((message) => ({ kind: 'message' as const, ...message })),
    ...preview.errors.map((error) => ({ kind: 'error' as const, ...error })),
  ].sort((a, b) => a.rowNumber - b.rowNumber);
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">
        Preview: {preview.messages.length} {preview.messages.length === 1 ? 'message' : 'messages'}
        {preview.errors.length > 0 &&
          `, ${preview.errors.length} failed ${preview.errors.length === 1 ? 'row' : 'rows'}`}
      </h3>
      {items.length === 0 && <p className="muted">The source has no rows to preview.</p>}
      <ol className="preview-list">
        {items.map((item) =>
          item.kind === 'message' ? (
            <li key={`m${item.rowNumber}`} className="preview-item" data-testid={`preview-row-${item.rowNumber}`}>
              <div className="preview-head">
                <span className="preview-row">Row {item.rowNumber}</span>
                <span>
                  Key:{' '}
                  {item.key === null ? (
                    <span className="muted">none</span>
                  ) : (
                    <code className="preview-key">{item.key}</code>
                  )}
                </span>
              </div>
              <pre className="code-block preview-value" aria-label={`Value of row ${item.rowNumber}`}>
                {prettyJson(item.value)}
              </pre>
            </li>
          ) : (
            <li
              key={`e${item.rowNumber}`}
              className="preview-item preview-error"
              data-testid={`preview-row-${item.rowNumber}`}
            >
              <div className="preview-head">
                <span className="preview-row">Row {item.rowNumber}</span>
                <span className="error">would fail: {item.reason}</span>
              </div>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
