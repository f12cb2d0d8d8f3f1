import { backoffSeconds } from '../../../lambdas/processor/create-handler.js';

describe('the retry backoff', () => {
  const policy = { baseSeconds: 5, capSeconds: 300 };

  it.each([
    [1, 3, 5],
    [2, 5, 10],
    [3, 10, 20],
    [4, 20, 40],
    [9, 150, 300],
    [20, 150, 300],
  ])('after attempt %p waits %p…%p s (doubling, capped, jittered in its upper half)', (attempt, low, high) => {
    const draws = Array.from({ length: 200 }, () => backoffSeconds(attempt, policy));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(low);
    expect(Math.max(...draws)).toBeLessThanOrEqual(high);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });

  it('never waits less than a second', () => {
    expect(backoffSeconds(1, { baseSeconds: 0, capSeconds: 0 })).toBe(1);
  });
});
