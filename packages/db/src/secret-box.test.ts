import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateSecretKey, parseSecretKey, SecretKeyError } from './secret-box.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.seal('s3cr3t-pässword', 'sync:1:sasl.password');
    expect(sealed).not.toContain('s3cr3t');
    expect(sealed).toMatch(/^v1:/);
    expect(box.open(sealed, 'sync:1:sasl.password')).toBe('s3cr3t-pässword');
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('refuses a secret moved to another context, altered, or opened with another key', () => {
    const sealed = box.seal('value', 'sync:1:sasl.password');
    expect(() => box.open(sealed, 'sync:2:sasl.password')).toThrow(SecretKeyError);
    const altered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => box.open(altered, 'sync:1:sasl.password')).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'sync:1:sasl.password')).toThrow(SecretKeyError);
  });

  it('parses base64 and hex keys and names a wrong length', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(() => parseSecretKey('c2hvcnQ=')).toThrow('the secret key must be 32 bytes, as base64 or hex (got 5 bytes)');
  });

  it('creates a key file once, private to its owner, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secret-key-'));
    try {
      const file = join(dir, 'nested', 'secret-key');
      const first = await loadOrCreateSecretKey(file);
      expect(await loadOrCreateSecretKey(file)).toEqual(first);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('base64'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
