// adapter (admin API, schedule, Clio's matter webhook) --> (use case: keep the matter index fresh) --> Clio matters & the index
import { PermanentError } from '../domain/errors.js';
import { isOpenMatter } from '../domain/matter-choice.js';
import { logger } from '../observability/logger.js';
import type { ClientMatter, ClioGateway, ClioGateways } from '../ports/clio-gateway.js';
import type { Clock } from '../ports/clock.js';
import { MATTER_INDEX_FORMAT, type IndexedMatter, type MatterIndex, type MatterSyncState } from '../ports/matter-index.js';
import type { Tenant } from '../domain/tenant.js';

export interface MatterSyncDeps {
  readonly matters: MatterIndex;
  readonly clio: ClioGateways;
  readonly clock: Clock;
}

/** Matters changed during a run may be missed by `updated_since` at its edge: overlap the next run. */
const OVERLAP_MS = 60_000;

const indexed = (m: ClientMatter, related: readonly number[] = []): IndexedMatter => ({ ...m, related });

/** A failed first sync waits 1 h, then 2 h, 4 h… and at most a day before it resumes. */
const RETRY_BASE_MS = 3_600_000;
const RETRY_CAP_MS = 86_400_000;

/**
 * Reads the matter back from Clio and indexes it as it is now: with every party when open or pending, gone when
 * closed or deleted. A webhook delivery and a refused write only say which matter to read.
 * @returns the matter as indexed, or undefined when it left the index
 */
export const refreshMatter = async (matters: MatterIndex, clio: ClioGateway, tenantId: string, matterId: number): Promise<IndexedMatter | undefined> => {
  const current = await clio.getMatter(matterId);
  if (!current || !isOpenMatter(current)) {
    await matters.remove(tenantId, matterId);
    return undefined;
  }
  const matter = indexed(current, await clio.relatedParties(matterId));
  await matters.put(tenantId, matter, 'replace');
  return matter;
};

/** Starts a full matter sync (resumable; a running one is left to continue). A complete index stays usable meanwhile. */
export const startMatterSync = async (deps: MatterSyncDeps, tenant: Tenant): Promise<MatterSyncState> => {
  const previous = await deps.matters.syncState(tenant.id);
  if (previous?.status === 'running') return previous;
  // The increments' mark is kept: a sync that fails leaves the increments going on from it.
  const state: MatterSyncState = {
    status: 'running',
    phase: 'matters',
    startedAt: deps.clock.now().toISOString(),
    processed: 0,
    ...(previous?.completedAt ? { completedAt: previous.completedAt } : {}),
    ...(previous?.syncedThrough ? { syncedThrough: previous.syncedThrough } : {}),
    ...(previous?.format === undefined ? {} : { format: previous.format }),
    ...(previous?.version === undefined ? {} : { version: previous.version }),
  };
  return (await deps.matters.saveSyncState(tenant.id, state)) ?? (await deps.matters.syncState(tenant.id)) ?? state;
};

type Phase = NonNullable<MatterSyncState['phase']>;

/**
 * Reads one page of the current phase into the index. Matters are merged (a page names only the client: related
 * parties already indexed are kept, a former client is dropped); relationships add their contact to an indexed
 * matter, and are skipped for matters that are not open or pending. The sweep removes what neither confirmed since
 * the full sync started (a matter closed or deleted, a party no longer on its matter).
 */
const readPage = async (
  deps: MatterSyncDeps,
  clio: ClioGateway,
  tenantId: string,
  phase: Phase,
  page: { next?: string; updatedSince?: string },
  startedAt = '',
) => {
  if (phase === 'matters') {
    const { matters, next } = await clio.listMatterPage(page);
    for (const matter of matters) await deps.matters.put(tenantId, indexed(matter), 'merge');
    return { read: matters.length, next };
  }
  if (phase === 'sweep') {
    const { next } = await deps.matters.sweep(tenantId, startedAt, page.next);
    return { read: 0, next };
  }
  const { parties, next } = await clio.listPartyPage(page);
  for (const party of parties) await deps.matters.addParty(tenantId, party.matterId, party.contactId);
  return { read: parties.length, next };
};

const NEXT_PHASE: Readonly<Record<Phase, Phase | undefined>> = { matters: 'relationships', relationships: 'sweep', sweep: undefined };

/** An increment: every matter changed since the last run (closed ones leave), then every relationship changed since. */
const readIncrement = async (deps: MatterSyncDeps, clio: ClioGateway, tenantId: string, updatedSince: string, deadline: number): Promise<boolean> => {
  for (const phase of ['matters', 'relationships'] as const) {
    let next: string | undefined;
    do {
      ({ next } = await readPage(deps, clio, tenantId, phase, { updatedSince, ...(next ? { next } : {}) }));
      if (next && Date.now() >= deadline) return false;
    } while (next);
  }
  return true;
};

/**
 * Builds the matter index (a full sync, resumable, the cursor saved after each page) or refreshes a complete one
 * with what changed since its last run, until done or `deadline`; then caches the connected user. Deleted matters
 * and closings arrive sooner by Clio's matter webhook ({@link refreshMatter}).
 */
export const runMatterSync = async (deps: MatterSyncDeps, tenant: Tenant, deadline: number): Promise<MatterSyncState | undefined> => {
  let state = await deps.matters.syncState(tenant.id);
  if (!state) return undefined;
  // A first sync that failed (a refused permission, a disconnection since) resumes where it stopped, without it Clio
  // is asked on every event; after a wait that doubles with each failure, so a lasting refusal costs little.
  if (state.status === 'failed' && !state.syncedThrough) {
    if (state.retryAt !== undefined && deps.clock.now().getTime() < Date.parse(state.retryAt)) return state;
    const { error: _error, retryAt: _retryAt, cursor, ...failed } = state;
    // Its phase is kept; its page only on the first retry, in case a page token that expired is what fails.
    state = { ...failed, status: 'running', ...(cursor !== undefined && (state.failures ?? 0) <= 1 ? { cursor } : {}) };
  }
  const incremental = state.status !== 'running';
  if (incremental && !state.syncedThrough) return state;
  const runStarted = deps.clock.now().toISOString();
  try {
    const clio = await deps.clio.forTenant(tenant);
    if (incremental) {
      const since = new Date(Date.parse(state.syncedThrough ?? runStarted) - OVERLAP_MS).toISOString();
      // An increment cut short is read again from the same moment next time.
      if (!(await readIncrement(deps, clio, tenant.id, since, deadline))) return state;
    } else {
      let phase: Phase = state.phase ?? 'matters';
      let next = state.cursor;
      for (;;) {
        const page = await readPage(deps, clio, tenant.id, phase, next ? { next } : {}, state.startedAt);
        next = page.next;
        const following = next ? phase : NEXT_PHASE[phase];
        const done = following === undefined;
        if (following) phase = following;
        const { cursor: _read, ...rest } = state;
        state = { ...rest, phase, processed: state.processed + page.read, ...(next ? { cursor: next } : {}) };
        if (done) break;
        // Another run saved its progress since we read ours: it goes on, this one stops.
        const saved = await deps.matters.saveSyncState(tenant.id, state);
        if (!saved) return deps.matters.syncState(tenant.id);
        state = saved;
        if (Date.now() >= deadline) return state;
      }
    }
    await deps.matters.saveConnectedUser(tenant.id, (await clio.whoAmI()).id);
    const { cursor: _done, phase: _phase, error: _error, failures: _failures, retryAt: _retryAt, ...rest } = state;
    state = {
      ...rest,
      status: 'complete',
      completedAt: incremental ? (state.completedAt ?? runStarted) : deps.clock.now().toISOString(),
      // A full sync's read and sweep reflect every change made before it started: increments go on from there.
      syncedThrough: incremental ? runStarted : state.startedAt,
      ...(incremental ? {} : { format: MATTER_INDEX_FORMAT }),
    };
    return (await deps.matters.saveSyncState(tenant.id, state)) ?? deps.matters.syncState(tenant.id);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    logger.warn('Matter index sync failed', { tenantId: tenant.id, code: error.code });
    const failures = (state.failures ?? 0) + 1;
    const wait = Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_CAP_MS);
    state = {
      ...state,
      status: 'failed',
      error: `${error.code}: ${error.message}`,
      // Only a first sync resumes on its own; an index that completed once keeps its increments going.
      ...(state.syncedThrough ? {} : { failures, retryAt: new Date(deps.clock.now().getTime() + wait).toISOString() }),
    };
    return (await deps.matters.saveSyncState(tenant.id, state)) ?? deps.matters.syncState(tenant.id);
  }
};
