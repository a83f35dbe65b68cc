/**
 * Replaces every occurrence of each secret value in `value` (deeply). A second guard behind
 * never putting secrets in messages: broker and identity-provider texts are not ours to trust.
 */
export function scrubSecrets<T>(value: T, secrets: Array<string | undefined>): T {
  const needles = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
  if (needles.length === 0) return value;
  let text = JSON.stringify(value);
  for (const needle of needles) {
    const encoded = JSON.stringify(needle).slice(1, -1);
    text = text.split(encoded).join('[redacted]');
  }
  return JSON.parse(text) as T;
}
