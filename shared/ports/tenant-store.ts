import type { Settings, SettingsPatch } from '../domain/settings.js';

export const CLIO_REGIONS = ['US', 'EU', 'CA', 'AU'] as const;
export type ClioRegion = (typeof CLIO_REGIONS)[number];

/** A firm, with its settings merged over the defaults. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly clioRegion: ClioRegion;
  readonly settings: Settings;
}

/** A firm as stored: only the settings it overrides. */
export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly clioRegion: ClioRegion;
  readonly settings: SettingsPatch;
}

export interface TenantStore {
  get(tenantId: string): Promise<Tenant | undefined>;
  put(tenant: TenantRecord): Promise<void>;
}
