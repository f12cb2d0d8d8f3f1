// adapter (admin API request, operator only) --> (use case: delete a tenant and everything kept of it) --> Clio, secrets, tables
import { logger } from '../observability/logger.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { ClioOAuth } from '../ports/clio-oauth.js';
import type { Clock } from '../ports/clock.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { MatterIndex } from '../ports/matter-index.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { TenantPurge } from '../ports/tenant-purge.js';
import type { TenantDeletion } from '../domain/tenant.js';
import type { TenantStore } from '../ports/tenant-store.js';
import { accepted, ok, type Reply } from '../domain/reply.js';
import { revokeClioGrant } from './clio-connection.js';

/**
 * How long one request works at a deletion before it answers what it removed so far (`202`, `complete: false`):
 * the admin function has 10 s, and each AWS call may take up to 5 s at worst (two tries of 2.5 s).
 */
export const DELETION_BUDGET_MS = 4_000;

/**
 * How long after a deletion begins its last pass may run: a container that read the firm just before (its tenant
 * cache keeps it for up to a minute) may still accept a callback or record an outcome meanwhile, and the last pass,
 * run once no container can, removes what they wrote. The tenant cache's lifetime and a processor's timeout.
 */
export const DELETION_SETTLE_MS = 120_000;

export interface TenantDeletionDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly outcomes: OutcomeLog;
  readonly index: PhoneIndex;
  readonly matters: MatterIndex;
  readonly callState: CallStateStore;
  readonly dedup: DedupStore;
  readonly oauth: ClioOAuth;
  readonly clock: Clock;
  /** @default DELETION_SETTLE_MS (0 where nothing caches a firm, as in tests) */
  readonly deletionSettleMs?: number;
}

/** What one request removed. */
export interface Removed {
  secrets: number;
  outcomes: number;
  phoneIndex: number;
  /** Matter index items (they live beside the phone index: purged first, so each count is its own). */
  matterIndex: number;
  callState: number;
  dedup: number;
  tenant: boolean;
}

/** Revokes the grant when the tenant has one: true, false when Clio did not take it (the purge goes on), null when none. */
const revoke = async (deps: TenantDeletionDeps, deletion: TenantDeletion): Promise<boolean | null> => {
  try {
    return (await revokeClioGrant(deps, deletion.tenant)) ? true : null;
  } catch (error) {
    logger.warn("Revoking a deleted tenant's Clio grant failed; its tokens are deleted anyway", { tenantId: deletion.tenant.id, error: error as Error });
    return false;
  }
};

/**
 * Deletes a tenant marked for deletion, store by store, one bounded page at a time, until done or out of time. Its
 * item goes last: until then a repeated DELETE finds it and carries on.
 */
export const deleteTenant = async (deps: TenantDeletionDeps, deletion: TenantDeletion, budgetMs = DELETION_BUDGET_MS): Promise<Reply> => {
  const tenantId = deletion.tenant.id;
  const deadline = deps.clock.now().getTime() + budgetMs;
  const inTime = () => deps.clock.now().getTime() < deadline;
  const removed: Removed = { secrets: 0, outcomes: 0, phoneIndex: 0, matterIndex: 0, callState: 0, dedup: 0, tenant: false };

  const clioRevoked = await revoke(deps, deletion);
  // The credentials first: with them gone, nothing can sign a callback for the tenant nor write to its Clio.
  removed.secrets = await deps.secrets.deleteTenantSecrets(tenantId);

  /** Purges one store until it is empty (true) or the time is up (false). */
  const drain = async (store: TenantPurge, field: Exclude<keyof Removed, 'tenant' | 'secrets'>, from?: string): Promise<{ done: boolean; next?: string }> => {
    let next = from;
    do {
      const page = await store.purgeTenant(tenantId, next);
      removed[field] += page.removed;
      next = page.next;
      if (next === undefined) return { done: true };
    } while (inTime());
    return { done: false, next };
  };

  let complete =
    (await drain(deps.outcomes, 'outcomes')).done &&
    (await drain(deps.matters, 'matterIndex')).done &&
    (await drain(deps.index, 'phoneIndex')).done &&
    (await drain(deps.callState, 'callState')).done;
  // Until every container has forgotten the firm, what they write is purged by a later DELETE: the dedup scan, which
  // runs once, waits for that point, and the firm's item stays.
  const settlesAt = Date.parse(deletion.since) + (deps.deletionSettleMs ?? DELETION_SETTLE_MS);
  const settled = deps.clock.now().getTime() >= settlesAt;
  if (!settled) complete = false;
  else if (complete && !deletion.progress.dedupDone) {
    // The idempotency table is scanned, not queried: where the scan got to is kept, so the next DELETE resumes there.
    const dedup = await drain(deps.dedup, 'dedup', deletion.progress.dedupNext);
    complete = dedup.done;
    await deps.tenants.saveDeletionProgress(tenantId, { dedupDone: dedup.done, ...(dedup.next ? { dedupNext: dedup.next } : {}) });
  }
  if (complete) removed.tenant = await deps.tenants.delete(tenantId);
  logger.info(complete ? 'Tenant deleted' : 'Tenant deletion continues on the next request', { tenantId, removed, clioRevoked });
  const body = { tenantId, removed, clioRevoked, complete, ...(settled ? {} : { settlesAt: new Date(settlesAt).toISOString() }) };
  return complete ? ok(body) : accepted(body);
};
