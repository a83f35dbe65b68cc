/** Everything of a sync the audit trail compares; secrets by field path, opened. */
export interface SyncState {
  name: string;
  description: string;
  destination: unknown;
  source: unknown;
  columnMapping: unknown;
  jobSettings: unknown;
  secrets: Record<string, string | undefined>;
}

/** The state before a sync exists, so a creation lists every setting it was given. */
export const EMPTY_SYNC_STATE: SyncState = {
  name: '',
  description: '',
  destination: {},
  source: null,
  columnMapping: null,
  jobSettings: {},
  secrets: {},
};

const settingsOf = (state: SyncState) => ({
  name: state.name,
  description: state.description,
  destination: state.destination,
  source: state.source,
  columnMapping: state.columnMapping,
  jobSettings: state.jobSettings,
});

/** Secret fields are stored by path: `source.password`, or the destination's own (`sasl.password`). */
const secretPath = (field: string) => (field.startsWith('source.') ? field : `destination.${field}`);

export type SyncChanges = Record<string, { from: unknown; to: unknown } | 'changed'>;

function leaves(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

/**
 * The audit trail's view of an update: each changed setting with its old and new value, and each
 * changed secret only as "changed" (its values never leave the sealed store).
 */
export function describeSyncChanges(before: SyncState, after: SyncState): SyncChanges {
  const changes: SyncChanges = {};
  const old = leaves(settingsOf(before), '', new Map());
  const now = leaves(settingsOf(after), '', new Map());
  for (const path of new Set([...old.keys(), ...now.keys()])) {
    if (JSON.stringify(old.get(path)) !== JSON.stringify(now.get(path))) {
      changes[path] = { from: old.get(path) ?? null, to: now.get(path) ?? null };
    }
  }
  for (const field of new Set([...Object.keys(before.secrets), ...Object.keys(after.secrets)])) {
    if (before.secrets[field] !== after.secrets[field]) changes[secretPath(field)] = 'changed';
  }
  return changes;
}
