import type { Settings, SettingsPatch } from './settings.js';

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

/**
 * One of Clio's webhooks for the tenant: contacts (they keep the phone index fresh) or matters (the matter index).
 * Never part of a {@link Tenant}.
 */
export interface ClioHook {
  readonly id?: number;
  /** From Clio's `X-Hook-Secret` handshake: every delivery is signed with it. */
  readonly secret?: string;
  readonly expiresAt?: string;
  /** While we register it: one handshake is accepted, and only until then. */
  readonly pendingUntil?: string;
  /** Random per registration, in the hook's URL: a request to any other URL is not Clio's. */
  readonly token?: string;
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

/** How far a deletion that did not finish within one request got (kept on the firm's item until it goes). */
export interface DeletionProgress {
  /** The scan of the idempotency table for the firm's dedup keys is done. */
  readonly dedupDone?: boolean;
  /** Where that scan resumes. */
  readonly dedupNext?: string;
}

/** A firm being deleted: as it was, and how far its deletion got. */
export interface TenantDeletion {
  readonly tenant: Tenant;
  readonly since: string;
  readonly progress: DeletionProgress;
}
