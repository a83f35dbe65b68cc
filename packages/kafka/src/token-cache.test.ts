import { describe, expect, it } from 'vitest';
import { cacheToken } from './token-cache.ts';

describe('cacheToken', () => {
  it('reuses a token until 80 % of its lifetime, then renews it once for concurrent callers', async () => {
    let clock = 0;
    let obtained = 0;
    const getToken = cacheToken(
      async () => ({ value: `t${++obtained}`, expiresAt: clock + 1_000 }),
      () => clock,
    );

    expect((await getToken()).value).toBe('t1');
    clock = 799;
    expect((await getToken()).value).toBe('t1');
    clock = 800;
    const [a, b] = await Promise.all([getToken(), getToken()]);
    expect([a.value, b.value]).toEqual(['t2', 't2']);
    expect(obtained).toBe(2);
  });

  it('tries again after a failed renewal instead of caching the failure', async () => {
    let attempts = 0;
    const getToken = cacheToken(async () => {
      if (++attempts === 1) throw new Error('endpoint down');
      return { value: 'ok', expiresAt: Date.now() + 60_000 };
    });
    await expect(getToken()).rejects.toThrow('endpoint down');
    await expect(getToken()).resolves.toMatchObject({ value: 'ok' });
  });
});
