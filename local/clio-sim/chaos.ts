import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { faultResponse } from './gate.js';
import type { SimResponse } from './http.js';
import { API_PREFIX, UPLOAD_PREFIX } from './spec.js';
import type { ChaosKind } from './types.js';
import { CHAOS_KINDS } from './types.js';

/** Status the request log records for a request whose connection was destroyed without a response. */
const DROPPED_STATUS = 0;

const chaosPath = z
  .string()
  .refine(
    (p) => p.startsWith(`${API_PREFIX}/`) || p.startsWith(UPLOAD_PREFIX),
    `path must start with ${API_PREFIX}/ or ${UPLOAD_PREFIX} (chaos never touches /__sim or /oauth)`,
  );

/** One chaos rule; `path` is exact, or a prefix when it ends with `*`; no path = every `/api/v4` path. */
export const chaosRuleSchema = z
  .object({
    method: z.string().min(1).optional(),
    path: chaosPath.optional(),
    kind: z.enum(CHAOS_KINDS),
    rate: z.number().min(0).max(1),
    retryAfterSeconds: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    dropConnection: z.boolean().optional(),
  })
  .strict();

/** Body of `POST /__sim/chaos` and the `chaos` option: replaces the rules and re-seeds the PRNG. */
export const chaosConfigSchema = z
  .object({
    seed: z.number().int().default(0),
    rules: z.array(chaosRuleSchema).default([]),
  })
  .strict();

/** A chaos rule. */
export type ChaosRule = z.output<typeof chaosRuleSchema>;
/** Chaos rules and the PRNG seed, as accepted (defaults optional). */
export type ChaosConfig = z.input<typeof chaosConfigSchema>;

/** `GET /__sim/chaos`: the rules with how often each fired, draws made and firings per kind. */
export interface ChaosReport {
  seed: number;
  rules: (ChaosRule & { fired: number })[];
  /** Requests that matched at least one rule (each drew one number). */
  draws: number;
  /** Firings per kind, every kind listed. */
  fired: Record<ChaosKind, number>;
}

/** mulberry32: a tiny deterministic PRNG giving numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const matches = (rule: ChaosRule, method: string, path: string): boolean => {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return path.startsWith(`${API_PREFIX}/`);
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
};

/**
 * Seeded chaos: each request matching any rule draws one number `u` from the PRNG; rule *i* of the
 * matching ones fires when `u` falls in its band `[r1+…+r(i-1), r1+…+ri)`, so each rule fires at its
 * own `rate` (the first rules win when the rates add up to more than 1).
 */
export class ChaosMonkey {
  private config = chaosConfigSchema.parse({});
  private random = mulberry32(0);
  private counts: number[] = [];
  private draws = 0;
  private aborter = new AbortController();

  public constructor(private readonly initial: ChaosConfig = {}) {
    this.reset();
  }

  /** Replaces the rules, re-seeds the PRNG and zeroes the counters. @throws ZodError on a bad config */
  public set(config: ChaosConfig): void {
    this.config = chaosConfigSchema.parse(config);
    this.random = mulberry32(this.config.seed);
    this.counts = this.config.rules.map(() => 0);
    this.draws = 0;
  }

  /** Removes every rule (the seed is kept). */
  public clear(): void {
    this.set({ seed: this.config.seed });
  }

  /** Back to the configuration the simulator started with. */
  public reset(): void {
    this.set(this.initial);
  }

  /** The rule that fires on this request, if any (draws only when some rule matches). */
  public draw(method: string, path: string): ChaosRule | undefined {
    const candidates = this.config.rules.map((rule, index) => ({ rule, index })).filter((c) => matches(c.rule, method, path));
    if (candidates.length === 0) return undefined;
    this.draws += 1;
    const u = this.random();
    let band = 0;
    for (const { rule, index } of candidates) {
      band += rule.rate;
      if (u < band) {
        this.counts[index] = (this.counts[index] ?? 0) + 1;
        return rule;
      }
    }
    return undefined;
  }

  /** The rules and counters. */
  public report(): ChaosReport {
    const fired = Object.fromEntries(CHAOS_KINDS.map((kind) => [kind, 0])) as Record<ChaosKind, number>;
    const rules = this.config.rules.map((rule, index) => {
      const count = this.counts[index] ?? 0;
      fired[rule.kind] += count;
      return { ...rule, fired: count };
    });
    return { seed: this.config.seed, rules, draws: this.draws, fired };
  }

  /** Waits `ms`; false when the simulator stopped meanwhile. */
  public async sleep(ms: number): Promise<boolean> {
    try {
      await delay(ms, undefined, { signal: this.aborter.signal });
      return true;
    } catch {
      return false;
    }
  }

  /** Cuts every pending `slow` wait short (on stop). */
  public abortPending(): void {
    this.aborter.abort();
    this.aborter = new AbortController();
  }
}

const dropped = (kind: ChaosKind): SimResponse => ({ status: DROPPED_STATUS, drop: true, chaos: kind });

/** Applies a fired rule: answers instead of `route`, or runs `route` late / and then fails. */
export async function fireChaos(rule: ChaosRule, monkey: ChaosMonkey, rateLimit: number, route: () => Promise<SimResponse>): Promise<SimResponse> {
  const injected = (status: 429 | 500 | 503, errorType: string): SimResponse => ({
    ...faultResponse(
      {
        path: '',
        status,
        times: 1,
        errorType,
        message: `Chaos: injected HTTP ${status}`,
        retryAfterSeconds: status === 429 ? (rule.retryAfterSeconds ?? 1) : rule.retryAfterSeconds,
      },
      rateLimit,
    ),
    chaos: rule.kind,
  });
  switch (rule.kind) {
    case '429':
      return injected(429, 'RateLimited');
    case '500':
      return injected(500, 'InternalServerError');
    case '503':
      return injected(503, 'ServiceUnavailable');
    case 'drop':
      return dropped(rule.kind);
    case 'slow':
      if (!(await monkey.sleep(rule.delayMs ?? 2000))) return dropped(rule.kind);
      return { ...(await route()), chaos: rule.kind };
    case 'error-after-write':
      await route();
      if (rule.dropConnection === true) return dropped(rule.kind);
      return injected(500, 'InternalServerError');
  }
}
