/** At most one refresh of a tenant's Clio token at a time, across every running processor. */
export interface RefreshLock {
  /** True when this caller now holds the tenant's lock (for at most `ttlMs`, should it die holding it). */
  acquire(tenantId: string, ttlMs: number): Promise<boolean>;
  release(tenantId: string): Promise<void>;
}
