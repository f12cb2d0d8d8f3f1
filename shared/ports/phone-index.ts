import type { ContactCandidate } from '../domain/contact-matching.js';
import type { TenantPurge } from './tenant-purge.js';

/** A contact as the index knows it: enough to match, rank and name it without asking Clio. */
export type IndexedContact = Omit<ContactCandidate, 'phoneNumbers'>;

export interface SyncState {
  readonly status: 'running' | 'complete' | 'failed';
  readonly startedAt: string;
  /** Contacts read so far in this run. */
  readonly processed: number;
  /** Where a running full sync resumes (Clio's `meta.paging.next`). */
  readonly cursor?: string;
  readonly completedAt?: string;
  /** The last time contacts changed since were read (the incremental sync resumes from it). */
  readonly syncedThrough?: string;
  readonly error?: string;
  /** Bumped by every save: a save from an older read is refused, so two runs never interleave their progress. */
  readonly version?: number;
}

/**
 * A tenant's Clio contacts by normalised phone number ("phone number harmonisation"): Clio's search matches
 * the text as typed, the index matches the number. A tenant's purge removes its entries and its sync state.
 */
export interface PhoneIndex extends TenantPurge {
  /** The contacts with this number, or undefined when the tenant has no complete index to ask. */
  lookup(tenantId: string, e164: string): Promise<IndexedContact[] | undefined>;
  /** Indexes (or re-indexes) a contact under every number it has; numbers it lost are dropped. */
  put(tenantId: string, contact: ContactCandidate, defaultCountry: string): Promise<void>;
  remove(tenantId: string, contactId: number): Promise<void>;
  /**
   * Claims the creation of a contact for this number, for `seconds`, for one event (its id): false while another
   * event holds the claim. Events of one number are processed one at a time, except when they took different lanes
   * (docs/fairness.md): then only the claimant creates, and the other finds its contact on a retry.
   */
  claimCreation(tenantId: string, e164: string, eventId: string, seconds: number): Promise<boolean>;
  /**
   * The contact as indexed: when it last changed in Clio (its `updated_at`, to the second) and its numbers (E.164);
   * undefined when not indexed or its `updated_at` is unknown.
   */
  indexedVersion(tenantId: string, contactId: number): Promise<{ readonly updatedAt: string; readonly numbers: readonly string[] } | undefined>;
  syncState(tenantId: string): Promise<SyncState | undefined>;
  /**
   * Saves the sync state if nobody saved it since `state` was read (its `version`).
   * @returns the state as saved (its new version), or undefined when another run saved it in between
   */
  saveSyncState(tenantId: string, state: SyncState): Promise<SyncState | undefined>;
}
