import { describe, expect, it } from 'vitest';
import { newClusterId } from './cluster-id.ts';

describe('newClusterId', () => {
  it('gives 22 base64url characters that never start with "-"', () => {
    const ids = Array.from({ length: 5_000 }, newClusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
