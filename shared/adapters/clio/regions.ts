import type { ClioRegion } from '../../domain/tenant.js';

/** Each Clio region is its own instance, API and OAuth on the same host (docs/clio.md#regions). */
export const CLIO_REGION_HOSTS: Readonly<Record<ClioRegion, string>> = {
  US: 'https://app.clio.com',
  EU: 'https://eu.app.clio.com',
  CA: 'https://ca.app.clio.com',
  AU: 'https://au.app.clio.com',
};

/** The host for a tenant's region, unless one host is configured for every region (`CLIO_BASE_URL`). */
export const clioBaseUrl = (region: ClioRegion, override?: string): string => override ?? CLIO_REGION_HOSTS[region];
