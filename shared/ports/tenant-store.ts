import type { SettingsPatch } from '../domain/settings.js';
import type { ClioConnection, ClioHook, DeletionProgress, Tenant, TenantDeletion, TenantRecord } from '../domain/tenant.js';
import type { HookModel } from './clio-gateway.js';

export interface TenantStore {
  /** The firm; undefined when it does not exist, or is being deleted. */
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
  /** Remembers the nonce of the one Clio connection flow the firm has open (a new flow replaces it). */
  beginClioConnect(tenantId: string, nonce: string, expiresAt: string): Promise<void>;
  /** Consumes that nonce, once, before it expires: false for a replayed, replaced or expired flow. */
  consumeClioConnect(tenantId: string, nonce: string, now: Date): Promise<boolean>;
  /** The hash of the firm's admin key, read fresh: a rotated key stops working everywhere at once. */
  adminKeyHash(tenantId: string): Promise<string | undefined>;
  /** Replaces the firm's admin key (its hash); false when the firm does not exist. */
  setAdminKeyHash(tenantId: string, hash: string): Promise<boolean>;
  /**
   * The firm's Clio webhook for a model, read fresh (kept on the firm's item, apart from its Clio tokens). Each hook
   * method works on the contact webhook unless told `model`.
   */
  clioHook(tenantId: string, model?: HookModel): Promise<ClioHook | undefined>;
  /** Starts a registration at a new URL token: forgets the previous hook and accepts one handshake until `pendingUntil`. */
  openHookRegistration(tenantId: string, pendingUntil: string, token: string, model?: HookModel): Promise<void>;
  /** Takes Clio's handshake secret while a registration is open and none was taken yet; false otherwise. */
  acceptHookSecret(tenantId: string, secret: string, now: Date, model?: HookModel): Promise<boolean>;
  /** Records the hook Clio registered or renewed, and closes the registration. */
  recordHook(tenantId: string, hook: { readonly id: number; readonly expiresAt: string }, model?: HookModel): Promise<void>;
  /** Closes a registration that failed: no handshake is accepted any longer. */
  closeHookRegistration(tenantId: string, model?: HookModel): Promise<void>;
  /**
   * Marks the firm as being deleted (from then on {@link get} does not find it: its webhooks, events and admin
   * routes answer as for an unknown tenant) and returns it as it was; undefined when there is no such firm. Marking
   * a firm already marked returns it again: an unfinished deletion is continued.
   */
  beginDeletion(tenantId: string, now: Date): Promise<TenantDeletion | undefined>;
  /** Keeps where an unfinished deletion resumes (the next DELETE reads it back from {@link beginDeletion}). */
  saveDeletionProgress(tenantId: string, progress: DeletionProgress): Promise<void>;
  /** Deletes the firm's item (the last step of its deletion); false when there was none. */
  delete(tenantId: string): Promise<boolean>;
  /** Every tenant's id (for the scheduled jobs). */
  listIds(): Promise<string[]>;
}
