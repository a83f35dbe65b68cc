import type { DestinationSecrets } from './destination-secrets.ts';

export interface SyncState {
  name: string;
  description: string;
  destination: unknown;
  secrets: DestinationSecrets;
}

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
  const old = leaves(
    { name: before.name, description: before.description, destination: before.destination },
    '',
    new Map(),
  );
  const now = leaves(
    { name: after.name, description: after.description, destination: after.destination },
    '',
    new Map(),
  );
  for (const path of new Set([...old.keys(), ...now.keys()])) {
    if (JSON.stringify(old.get(path)) !== JSON.stringify(now.get(path))) {
      changes[path] = { from: old.get(path) ?? null, to: now.get(path) ?? null };
    }
  }
  for (const field of new Set([...Object.keys(before.secrets), ...Object.keys(after.secrets)])) {
    const key = field as keyof DestinationSecrets;
    if (before.secrets[key] !== after.secrets[key]) changes[`destination.${field}`] = 'changed';
  }
  return changes;
}
