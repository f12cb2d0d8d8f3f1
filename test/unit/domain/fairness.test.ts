import { admissionOf, DEFAULT_FAIRNESS, fairnessPolicyOf, windowOf } from '../../../shared/domain/fairness.js';
import { fairShareOf } from '../../../shared/config/wiring.js';

describe("a tenant's fair share", () => {
  const policy = { windowSeconds: 10, fairShare: 3, ceiling: 5 };
  const at = new Date('2026-11-30T09:00:07.500Z');

  it('counts in fixed windows that start on a multiple of their length', () => {
    expect(windowOf(at, policy)).toBe(Date.parse('2026-11-30T09:00:00Z') / 1000);
    expect(windowOf(new Date('2026-11-30T09:00:10.000Z'), policy)).toBe(Date.parse('2026-11-30T09:00:10Z') / 1000);
  });

  it('takes the main lane within the share, the overflow lane beyond it, and refuses beyond the ceiling until the window ends', () => {
    const window = windowOf(at, policy);
    expect([1, 2, 3, 4, 5, 6].map((count) => admissionOf(count, window, at, policy))).toEqual([
      { admitted: true, lane: 'main' },
      { admitted: true, lane: 'main' },
      { admitted: true, lane: 'main' },
      { admitted: true, lane: 'overflow' },
      { admitted: true, lane: 'overflow' },
      { admitted: false, retryAfterSeconds: 3 },
    ]);
    expect(admissionOf(6, window, new Date('2026-11-30T09:00:09.900Z'), policy)).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it('reads a policy from configuration, and refuses one that cannot work', () => {
    expect(fairShareOf('100/10,1000')).toEqual(DEFAULT_FAIRNESS);
    expect(fairShareOf(' 5 / 1 , 5 ')).toEqual({ fairShare: 5, windowSeconds: 1, ceiling: 5 });
    for (const bad of ['', '100', '100/10', '100/0,1000', '100/10,99', '0/10,10', '1.5/10,20', '100/7200,1000']) {
      expect(() => fairShareOf(bad)).toThrow(/TENANT_FAIR_SHARE|fairness policy/);
    }
    expect(() => fairnessPolicyOf({ windowSeconds: 10, fairShare: 10, ceiling: 9 })).toThrow(/fair share ≤ ceiling/);
  });
});
