export const TOPIC_NAME_MAX_LENGTH = 249;

/** Invisible characters (controls, unpaired surrogates) are shown by their code point. */
function showCharacter(char: string): string {
  if (char === ' ') return 'space';
  const code = char.charCodeAt(0);
  const isInvisible = code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff);
  return isInvisible ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${char}"`;
}

/** Kafka's own rules for a topic name; returns the problem, or undefined when the name is legal. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Topic Name is required';
  if (name.length > TOPIC_NAME_MAX_LENGTH) {
    return `Topic Name is ${name.length} characters long; Kafka allows at most ${TOPIC_NAME_MAX_LENGTH}`;
  }
  if (name === '.' || name === '..') return `Topic Name cannot be "${name}"`;
  const illegal = [...new Set(name.replace(/[a-zA-Z0-9._-]/g, ''))];
  if (illegal.length > 0) {
    const shown = illegal.map(showCharacter).join(', ');
    return `Topic Name may contain only letters, digits, ".", "_" and "-" (found ${shown})`;
  }
  return undefined;
}

/**
 * Kafka maps "." and "_" to the same metric name, so `a.b` and `a_b` collide in monitoring;
 * legal, but worth a warning.
 */
export function topicNameWarnings(name: string): string[] {
  return name.includes('.') && name.includes('_')
    ? ['Topic Name mixes "." and "_": Kafka metric names treat them alike, so it can collide with another topic']
    : [];
}
