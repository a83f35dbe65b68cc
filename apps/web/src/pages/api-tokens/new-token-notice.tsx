import { useRef, useState } from 'react';

/** The token, once: after this notice is dismissed or the page is left, nobody can see it again. */
export function NewTokenNotice({ name, token, onDismiss }: { name: string; token: string; onDismiss(): void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState<string>();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopyStatus('Copied.');
    } catch {
      // The clipboard API needs a secure context (HTTPS or localhost): the selected text then
      // leaves the copy to the keyboard.
      field.current?.select();
      setCopyStatus('Press Ctrl+C (⌘C) to copy the selected token.');
    }
  };

  return (
    <div className="token-notice" role="region" aria-labelledby="new-token-title">
      <h2 id="new-token-title" className="form-title">
        Your new token “{name}”
      </h2>
      <p>Copy it now: it is shown only this once. Tributary keeps only a fingerprint of it.</p>
      <div className="token-copy">
        <label className="visually-hidden" htmlFor="new-token-value">
          API token
        </label>
        <input
          id="new-token-value"
          ref={field}
          readOnly
          value={token}
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p role="status" className="copy-status">
        {copyStatus}
      </p>
      <p className="muted">
        Use it as <code>TRIBUTARY_TOKEN</code> for <code>pnpm tributary</code>, or send it as{' '}
        <code>Authorization: Bearer …</code>.
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Done
      </button>
    </div>
  );
}
