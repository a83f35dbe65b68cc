import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface SecretBox {
  /** Encrypts `plaintext`; `context` (e.g. `sync:<id>:sasl.password`) must be given again to open it. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** What a sync's secret is sealed with: the sync and the field, so a ciphertext cannot move. */
export const syncSecretContext = (syncId: string, field: string) => `sync:${syncId}:${field}`;

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** A 32-byte key, written as base64 (44 characters) or hex (64 characters). */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretKeyError(`the secret key must be ${KEY_BYTES} bytes, as base64 or hex (got ${key.length} bytes)`);
  }
  return key;
}

/** Reads the key file, creating it with a random key (mode 0600) on first use. */
export async function loadOrCreateSecretKey(file: string): Promise<Buffer> {
  if (existsSync(file)) return parseSecretKey(await readFile(file, 'utf8'));
  await mkdir(dirname(file), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      // Another process created it first: use theirs.
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return parseSecretKey(await readFile(file, 'utf8'));
}

/**
 * AES-256-GCM. The context is authenticated data, so a ciphertext copied to another sync or
 * field fails to open instead of silently decrypting there.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`the secret key must be ${KEY_BYTES} bytes`);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        ciphertext.toString('base64'),
      ].join(':');
    },
    open(sealed, context) {
      const [version, iv, tag, ciphertext] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined)
        throw new SecretKeyError('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(
          'a stored secret could not be decrypted: the secret key changed, or the value was moved or altered',
        );
      }
    },
  };
}
