import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './limit-concurrency.ts';

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const results = await mapWithConcurrency([50, 10, 30, 5, 20, 1, 15], 3, async (ms, index) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return `${index}:${ms}`;
    });
    expect(mostInFlight).toBe(3);
    expect(results).toEqual(['0:50', '1:10', '2:30', '3:5', '4:20', '5:1', '6:15']);
  });

  it('answers an empty list without calling the work', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
