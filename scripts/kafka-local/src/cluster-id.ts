import { randomBytes } from 'node:crypto';

/**
 * A random KRaft cluster id: 16 bytes in base64url, as Kafka's own `Uuid.randomUuid`, which, like
 * this, never hands out one starting with "-": the storage tool's argument parser would read such
 * an id as an option and refuse to format (about one start in 64 failed that way).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
