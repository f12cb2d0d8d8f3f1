/**
 * A tenant's Clio budget as every processor sees it: Clio counts requests per access token, so when one
 * processor spends the last of a window, the others hold back until it resets instead of drawing 429s.
 */
export interface ClioBudget {
  /** Unix seconds until which the tenant's budget is spent, if it is. */
  pausedUntil(tenantId: string): Promise<number | undefined>;
  pause(tenantId: string, untilEpochSeconds: number): Promise<void>;
}
