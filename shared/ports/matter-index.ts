import type { MatterSummary } from '../domain/matter-choice.js';
import type { SyncState } from './phone-index.js';
import type { TenantPurge } from './tenant-purge.js';

/**
 * The most parties one matter keeps in the index (its item stays far below DynamoDB's 400 KB, and a hostile
 * tenant's matter with endless relationships costs a bounded read): a call from a party beyond them finds no matter.
 */
export const MAX_MATTER_PARTIES = 1_000;

/** An open or pending matter as the index keeps it: what matter choice needs, and who may call about it. */
export interface IndexedMatter extends MatterSummary {
  /** The client, then the related parties (contact ids, at most {@link MAX_MATTER_PARTIES}): a call from any of them may be about this matter. */
  readonly parties: readonly number[];
}

/** Where a full matter sync is: the open and pending matters first, then every relationship. */
export interface MatterSyncState extends SyncState {
  readonly phase?: 'matters' | 'relationships';
}

/**
 * A tenant's open and pending matters by party (client or related contact), so that step 6 asks Clio nothing.
 * Only what matter choice needs is kept: ids, status, dates; never a description, a number or a name. A tenant's
 * purge removes its matters, its sync state and its connected user.
 */
export interface MatterIndex extends TenantPurge {
  /** The open and pending matters the contact is a party to, or undefined when the tenant has no complete index. */
  lookup(tenantId: string, contactId: number): Promise<MatterSummary[] | undefined>;
  /**
   * Indexes (or re-indexes) a matter under each of its parties; a closed matter is removed. `replace` (the parties
   * as Clio listed them all) drops the parties it lost; `merge` (only the client is known) keeps the related ones.
   */
  put(tenantId: string, matter: IndexedMatter, mode: 'replace' | 'merge'): Promise<void>;
  /** Adds a related party to an indexed matter; nothing when the matter is not indexed (closed, or unknown). */
  addParty(tenantId: string, matterId: number, contactId: number): Promise<void>;
  remove(tenantId: string, matterId: number): Promise<void>;
  syncState(tenantId: string): Promise<MatterSyncState | undefined>;
  /**
   * Saves the sync state if nobody saved it since `state` was read (its `version`).
   * @returns the state as saved (its new version), or undefined when another run saved it in between
   */
  saveSyncState(tenantId: string, state: MatterSyncState): Promise<MatterSyncState | undefined>;
  /** The Clio user the tenant's token belongs to (`who_am_i`), as the last sync read it. */
  connectedUser(tenantId: string): Promise<number | undefined>;
  saveConnectedUser(tenantId: string, userId: number): Promise<void>;
}
