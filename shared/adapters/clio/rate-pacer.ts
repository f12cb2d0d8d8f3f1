import { BudgetSpentError } from '../../domain/errors.js';
import type { ClioBudget } from '../../ports/clio-budget.js';
import type { RateLimitHeaders } from './clio.client.js';

export interface RatePacerOptions {
  readonly budget: ClioBudget;
  /** The longest wait for a window to reset inside one invocation; longer, the record goes back to the queue. @default 5_000 */
  readonly maxWaitMs?: number;
}

/**
 * Paces a tenant's Clio requests from the rate-limit headers of the responses (Clio: 50 per 60 s per token
 * at peak): when the window's budget is spent, the next request waits for the reset instead of drawing a
 * 429, and the pause is shared with every other processor of the tenant.
 */
export class RatePacer {
  readonly #options: RatePacerOptions;
  readonly #seen = new Map<string, RateLimitHeaders>();

  constructor(options: RatePacerOptions) {
    this.#options = options;
  }

  /** Before an event: wait out (or, if long, wait in the queue) a pause any processor of the tenant found. */
  async beforeEvent(tenantId: string): Promise<void> {
    await this.#waitUntil(await this.#options.budget.pausedUntil(tenantId));
  }

  /** Before each request: wait for the reset when this window has nothing left. */
  async beforeRequest(tenantId: string): Promise<void> {
    const seen = this.#seen.get(tenantId);
    if (seen?.remaining === 0) await this.#waitUntil(seen.reset);
  }

  /**
   * After each response: remember the budget; share the pause when it is spent — until the window resets, or,
   * when Clio refused the request, for as long as its `Retry-After` says.
   */
  async observe(tenantId: string, headers: RateLimitHeaders, retryAfterSeconds?: number): Promise<void> {
    const until = retryAfterSeconds === undefined ? headers.reset : Date.now() / 1000 + retryAfterSeconds;
    this.#seen.set(tenantId, { ...headers, reset: until });
    if (headers.remaining === 0) await this.#options.budget.pause(tenantId, until);
  }

  async #waitUntil(untilEpochSeconds: number | undefined): Promise<void> {
    if (untilEpochSeconds === undefined) return;
    const waitMs = untilEpochSeconds * 1000 - Date.now();
    if (waitMs <= 0) return;
    if (waitMs > (this.#options.maxWaitMs ?? 5_000)) {
      throw new BudgetSpentError("The tenant's Clio budget is spent until its window resets", { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs + 20));
  }
}
