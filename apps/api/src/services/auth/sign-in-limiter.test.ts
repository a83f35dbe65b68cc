import { describe, expect, it } from 'vitest';
import { accountSlowdown, addressDelayAfterFailures, delayAfterFailures } from './sign-in-limiter.ts';

describe('sign-in throttle schedule', () => {
  it('lets five failures per account and address through, then doubles the wait up to 15 minutes', () => {
    expect([0, 4].map(delayAfterFailures)).toEqual([0, 0]);
    expect([5, 6, 7, 8, 13].map(delayAfterFailures)).toEqual([2_000, 4_000, 8_000, 16_000, 512_000]);
    expect(delayAfterFailures(14)).toBe(15 * 60 * 1000);
    expect(delayAfterFailures(10_000)).toBe(15 * 60 * 1000);
  });

  it('lets twenty failures per address through, across accounts', () => {
    expect(addressDelayAfterFailures(19)).toBe(0);
    expect([20, 21, 22].map(addressDelayAfterFailures)).toEqual([2_000, 4_000, 8_000]);
  });

  it('only slows an account attacked from everywhere, by at most four seconds', () => {
    expect(accountSlowdown(9)).toBe(0);
    expect([10, 11, 12, 13, 14].map(accountSlowdown)).toEqual([250, 500, 1_000, 2_000, 4_000]);
    expect(accountSlowdown(1_000_000)).toBe(4_000);
  });
});
