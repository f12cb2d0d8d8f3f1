import type { Settings, SettingsPatch } from '../domain/settings.js';

export const CLIO_REGIONS = ['US', 'EU', 'CA', 'AU'] as const;
export type ClioRegion = (typeof CLIO_REGIONS)[number];

/** A firm as stored: only the settings it overrides. */
export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly clioRegion: ClioRegion;
  readonly settings: SettingsPatch;
  /** SHA-256 (hex) of the firm's admin API key; the key itself is shown once and never stored. */
  readonly adminKeyHash?: string;
}

/** A firm, with its settings merged over the defaults (and its overrides as stored). */
export interface Tenant extends Omit<TenantRecord, 'settings'> {
  readonly settings: Settings;
  readonly overrides: SettingsPatch;
}

export interface TenantStore {
  get(tenantId: string): Promise<Tenant | undefined>;
  /** Creates or replaces the firm. */
  put(tenant: TenantRecord): Promise<void>;
  /** Creates the firm unless the id is taken; false when it is. */
  create(tenant: TenantRecord): Promise<boolean>;
}
