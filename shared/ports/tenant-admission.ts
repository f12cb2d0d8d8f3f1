/** Counts a tenant's verified callbacks per fairness window, across every ingest instance (docs/fairness.md). */
export interface TenantAdmission {
  /** Counts one more callback of the tenant in the window starting at `window` (unix seconds); the count after it. */
  count(tenantId: string, window: number): Promise<number>;
}
