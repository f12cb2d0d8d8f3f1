/** One bounded page of a tenant's items removed from one store. */
export interface PurgePage {
  readonly removed: number;
  /** Where the next page starts (opaque); absent when nothing of the tenant is left in the store. */
  readonly next?: string;
}

/** A store that can remove everything it keeps of a tenant, one bounded page at a time (`DELETE /v1/tenants/{id}`). */
export interface TenantPurge {
  /**
   * Removes one page of the tenant's items.
   * @param after the `next` of the previous page of the same purge
   */
  purgeTenant(tenantId: string, after?: string): Promise<PurgePage>;
}
