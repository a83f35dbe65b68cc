import { chmod, mkdir } from 'node:fs/promises';

/** A root-owned folder that the service user may pass through, whatever root's umask. */
export async function ensureSharedFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await chmod(path, 0o755);
}
