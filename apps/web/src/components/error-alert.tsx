/** A failure announced to screen readers as it appears; nothing while there is none. */
export function ErrorAlert({ message }: { message: string | undefined }) {
  return (
    message && (
      <p role="alert" className="error">
        {message}
      </p>
    )
  );
}
