/**
 * Per-tenant fairness at ingest (docs/fairness.md). Every verified callback of a tenant counts in a fixed window;
 * within its fair share its events take the main lane, beyond it the overflow lane (a queue of its own with its
 * own, smaller processor concurrency), and beyond the ceiling the callback is refused with a 429 its sender retries.
 * One tenant's flood therefore waits behind itself, never in front of another tenant's calls.
 */
export type Lane = 'main' | 'overflow';

export interface FairnessPolicy {
  /** Length of the counting window, in seconds. */
  readonly windowSeconds: number;
  /** Callbacks per window a tenant's events take the main lane for. */
  readonly fairShare: number;
  /** Callbacks per window beyond which the tenant's callbacks are refused (429). */
  readonly ceiling: number;
}

/** 10 callbacks per second for the main lane, 100 per second at most: a busy firm sends well under one. */
export const DEFAULT_FAIRNESS: FairnessPolicy = { windowSeconds: 10, fairShare: 100, ceiling: 1000 };

export type Admission = { readonly admitted: true; readonly lane: Lane } | { readonly admitted: false; readonly retryAfterSeconds: number };

/** The window a moment falls in: its start, in unix seconds. */
export const windowOf = (at: Date, policy: FairnessPolicy): number => {
  const seconds = Math.floor(at.getTime() / 1000);
  return seconds - (seconds % policy.windowSeconds);
};

/** What the `count`-th callback of a tenant in the window starting at `window` gets. */
export const admissionOf = (count: number, window: number, at: Date, policy: FairnessPolicy): Admission => {
  if (count > policy.ceiling) return { admitted: false, retryAfterSeconds: Math.max(1, window + policy.windowSeconds - Math.floor(at.getTime() / 1000)) };
  return { admitted: true, lane: count > policy.fairShare ? 'overflow' : 'main' };
};

/** A policy read from configuration: whole numbers, a window of 1 s to 1 h, 1 ≤ fair share ≤ ceiling. */
export const fairnessPolicyOf = (values: { windowSeconds: number; fairShare: number; ceiling: number }): FairnessPolicy => {
  const { windowSeconds, fairShare, ceiling } = values;
  const whole = [windowSeconds, fairShare, ceiling].every((n) => Number.isInteger(n));
  if (!whole || windowSeconds < 1 || windowSeconds > 3600 || fairShare < 1 || ceiling < fairShare) {
    throw new Error(`A fairness policy needs whole numbers with a window of 1–3600 s and 1 ≤ fair share ≤ ceiling, not ${JSON.stringify(values)}`);
  }
  return { windowSeconds, fairShare, ceiling };
};
