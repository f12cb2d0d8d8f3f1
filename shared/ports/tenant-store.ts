import type { Settings, SettingsPatch } from '../domain/settings.js';

export const CLIO_REGIONS = ['US', 'EU', 'CA', 'AU'] as const;
export type ClioRegion = (typeof CLIO_REGIONS)[number];

/** The firm's link to its Clio account. */
export interface ClioConnection {
  readonly status: 'connected' | 'disconnected';
  /** ISO date-time of the last change. */
  readonly since: string;
  /** The Clio user who connected (from `who_am_i`). */
  readonly clioUserId?: number;
  /** Why it is disconnected (a refused refresh, a revocation). */
  readonly reason?: string;
}

/** A firm as stored: only the settings it overrides. */
export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly clioRegion: ClioRegion;
  readonly settings: SettingsPatch;
  /** SHA-256 (hex) of the firm's admin API key; the key itself is shown once and never stored. */
  readonly adminKeyHash?: string;
  /** Absent until the firm connects Clio (a firm seeded with tokens counts as connected). */
  readonly connection?: ClioConnection;
}

/** A firm, with its settings merged over the defaults (and its overrides as stored). */
export interface Tenant extends Omit<TenantRecord, 'settings'> {
  readonly settings: Settings;
  readonly overrides: SettingsPatch;
}

export interface TenantStore {
  get(tenantId: string): Promise<Tenant | undefined>;
  /**
   * Creates or replaces the whole firm: for seeding (a new stack, a test), never for a change to a firm that others
   * may be changing too. Those are field-level ({@link updateSettings}, {@link setConnection}).
   */
  put(tenant: TenantRecord): Promise<void>;
  /**
   * Sets the given settings, and only those, on the stored firm: a concurrent change to another setting, to the
   * connection or to the Clio rate-limit pause is kept. Undefined when the firm does not exist.
   * @returns the firm's overrides after the change
   */
  updateSettings(tenantId: string, patch: SettingsPatch): Promise<SettingsPatch | undefined>;
  /** Creates the firm unless the id is taken; false when it is. */
  create(tenant: TenantRecord): Promise<boolean>;
  setConnection(tenantId: string, connection: ClioConnection): Promise<void>;
  /** Every tenant's id (for the scheduled jobs). */
  listIds(): Promise<string[]>;
}
