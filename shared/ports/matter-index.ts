import type { MatterSummary } from '../domain/matter-choice.js';
import type { SyncState } from './phone-index.js';
import type { TenantPurge } from './tenant-purge.js';

/**
 * The most parties one matter keeps in the index (its item stays far below DynamoDB's 400 KB, and a hostile
 * tenant's matter with endless relationships costs a bounded read): a call from a party beyond them finds no matter.
 */
export const MAX_MATTER_PARTIES = 1_000;

/** The most matters one contact's look-up answers (one bounded query): a contact on more matters is left to Clio. */
export const MAX_CONTACT_MATTERS = 200;

/** An open or pending matter as the index keeps it: what matter choice needs, and who may call about it. */
export interface IndexedMatter extends MatterSummary {
  /** The client, kept apart from the related parties: a matter whose client changes drops the old one. */
  readonly clientId?: number;
  /** The related parties (contact ids; with the client, at most {@link MAX_MATTER_PARTIES}). */
  readonly related: readonly number[];
}

/** A matter as indexed: enough to tell whether a webhook delivery names the version already held. */
export interface IndexedMatterVersion {
  readonly status: string;
  readonly updatedAt?: string;
  readonly clientId?: number;
}

/**
 * Where a full matter sync is: the open and pending matters first, then every relationship, then the sweep of
 * what neither confirmed since the sync started.
 */
export interface MatterSyncState extends SyncState {
  readonly phase?: 'matters' | 'relationships' | 'sweep';
  /** How many times in a row a first sync failed: it resumes after a wait that doubles with each. */
  readonly failures?: number;
  /** A failed first sync resumes no sooner than this. */
  readonly retryAt?: string;
  /** The layout of the entries the last complete full sync wrote ({@link MATTER_INDEX_FORMAT}). */
  readonly format?: number;
}

/** The entries' layout: 2 keeps the client apart from the related parties. An index of an older one is built again. */
export const MATTER_INDEX_FORMAT = 2;

/**
 * A tenant's open and pending matters by party (client or related contact), so that step 6 asks Clio nothing.
 * Only what matter choice needs is kept: ids, status, dates; never a description, a number or a name. A tenant's
 * purge removes its matters, its sync state and its connected user.
 */
export interface MatterIndex extends TenantPurge {
  /**
   * The open and pending matters the contact is a party to, or undefined when the tenant has no complete index or
   * the contact is on more than {@link MAX_CONTACT_MATTERS} (the index cannot tell which are the most recent).
   */
  lookup(tenantId: string, contactId: number): Promise<MatterSummary[] | undefined>;
  /**
   * Indexes (or re-indexes) a matter under its client and related parties; a closed matter is removed. `replace`
   * (the related parties as Clio listed them all) drops the ones it lost; `merge` (only the client is known) keeps
   * the related ones. Either way a client that is no longer the client (nor a related party) is dropped.
   */
  put(tenantId: string, matter: IndexedMatter, mode: 'replace' | 'merge'): Promise<void>;
  /** Adds a related party to an indexed matter; nothing when the matter is not indexed (closed, or unknown). */
  addParty(tenantId: string, matterId: number, contactId: number): Promise<void>;
  remove(tenantId: string, matterId: number): Promise<void>;
  /** The matter's status, last update and client as indexed; undefined when it is not indexed. */
  indexedVersion(tenantId: string, matterId: number): Promise<IndexedMatterVersion | undefined>;
  /**
   * One page of the full sync's sweep: removes every matter and party entry not written or confirmed since `before`
   * (the sync's start), i.e. not seen by the sync that is completing.
   * @param cursor the `next` of the previous page
   * @returns how many entries this page removed, and where the next page starts (none: the sweep is done)
   */
  sweep(tenantId: string, before: string, cursor?: string): Promise<{ removed: number; next?: string }>;
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
