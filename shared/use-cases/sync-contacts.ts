// adapter (admin API, schedule, local runner) --> (use case: sync the phone index) --> Clio contacts & the index
import { PermanentError } from '../domain/errors.js';
import { logger } from '../observability/logger.js';
import type { ClioGateways } from '../ports/clio-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { PhoneIndex, SyncState } from '../ports/phone-index.js';
import type { Tenant } from '../domain/tenant.js';

export interface SyncDeps {
  readonly index: PhoneIndex;
  readonly clio: ClioGateways;
  readonly clock: Clock;
}

/** Contacts changed during a sync may be missed by `updated_since` at its edge: overlap the next run. */
const OVERLAP_MS = 60_000;

/** Starts a full sync (resumable; a running one is left to continue). The index stays usable meanwhile. */
export const startFullSync = async (deps: SyncDeps, tenant: Tenant): Promise<SyncState> => {
  const previous = await deps.index.syncState(tenant.id);
  if (previous?.status === 'running') return previous;
  const state: SyncState = {
    status: 'running',
    startedAt: deps.clock.now().toISOString(),
    processed: 0,
    ...(previous?.completedAt ? { completedAt: previous.completedAt } : {}),
    ...(previous?.version === undefined ? {} : { version: previous.version }),
  };
  // Another start in between wins: its state is the one to report.
  return (await deps.index.saveSyncState(tenant.id, state)) ?? (await deps.index.syncState(tenant.id)) ?? state;
};

/**
 * Reads pages of contacts into the index until done or `deadline`, saving the cursor after each page so the
 * next run resumes where this one stopped. A complete index is refreshed with the contacts changed since the
 * last run (`updated_since`). Deletions arrive by Clio's webhooks; a stale entry is dropped when Clio refuses it.
 */
export const runSync = async (deps: SyncDeps, tenant: Tenant, deadline: number): Promise<SyncState | undefined> => {
  let state = await deps.index.syncState(tenant.id);
  if (!state) return undefined;
  const incremental = state.status !== 'running';
  if (incremental && !state.syncedThrough) return state;
  const runStarted = deps.clock.now().toISOString();
  const updatedSince = incremental ? new Date(Date.parse(state.syncedThrough ?? runStarted) - OVERLAP_MS).toISOString() : undefined;
  try {
    const clio = await deps.clio.forTenant(tenant);
    let next = incremental ? undefined : state.cursor;
    do {
      const page = await clio.listContacts({ ...(next ? { next } : {}), ...(updatedSince ? { updatedSince } : {}) });
      for (const contact of page.contacts) await deps.index.put(tenant.id, contact, tenant.settings.defaultCountry);
      next = page.next;
      if (!incremental) {
        state = { ...state, processed: state.processed + page.contacts.length, ...(next ? { cursor: next } : {}) };
        if (next) {
          // Another run saved its progress since we read ours: it goes on, this one stops.
          const saved = await deps.index.saveSyncState(tenant.id, state);
          if (!saved) return deps.index.syncState(tenant.id);
          state = saved;
        }
      }
    } while (next && Date.now() < deadline);
    if (next) return state;
    const { cursor: _done, ...rest } = state;
    state = {
      ...rest,
      status: 'complete',
      completedAt: incremental ? (state.completedAt ?? runStarted) : deps.clock.now().toISOString(),
      syncedThrough: incremental ? runStarted : state.startedAt,
    };
    return (await deps.index.saveSyncState(tenant.id, state)) ?? deps.index.syncState(tenant.id);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    logger.warn('Phone index sync failed', { tenantId: tenant.id, code: error.code });
    state = { ...state, status: 'failed', error: `${error.code}: ${error.message}` };
    return (await deps.index.saveSyncState(tenant.id, state)) ?? deps.index.syncState(tenant.id);
  }
};
