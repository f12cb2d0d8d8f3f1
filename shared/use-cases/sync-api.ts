// adapter (admin API, schedule) --> (use case: phone and matter index sync on request and on schedule) --> sync-contacts, sync-matters
import { RefusedError } from '../domain/errors.js';
import { accepted, ok, type Reply } from '../domain/reply.js';
import { logger } from '../observability/logger.js';
import type { HookModel } from '../ports/clio-gateway.js';
import { MATTER_INDEX_FORMAT } from '../ports/matter-index.js';
import type { SyncState } from '../ports/phone-index.js';
import type { Tenant } from '../domain/tenant.js';
import type { TenantStore } from '../ports/tenant-store.js';
import { ensureClioHook, type HookDeps } from './contact-hooks.js';
import { runSync, startFullSync, type SyncDeps } from './sync-contacts.js';
import { runMatterSync, startMatterSync, type MatterSyncDeps } from './sync-matters.js';

/** How long one admin request may read pages before it answers with the progress so far. */
const REQUEST_BUDGET_MS = 20_000;

const view = (state: SyncState) => {
  const { cursor, ...shown } = state;
  return { ...shown, resumable: cursor !== undefined };
};

/** From now on Clio tells us of every change of the model; a failure here leaves the schedule to keep the index fresh. */
const subscribe = (deps: HookDeps, tenant: Tenant, model: HookModel) =>
  ensureClioHook(deps, tenant, model).catch((error: unknown) =>
    logger.warn('Clio webhook not registered', { tenantId: tenant.id, model, error: error as Error }),
  );

/**
 * `POST /v1/tenants/{id}/clio/sync`: starts a full sync of the phone index and of the matter index (or continues
 * the running ones), reads pages for up to 20 s and answers the phone index's progress, with the matter index's
 * under `matters`: 200 when both are complete, 202 while either goes on (the schedule, or the next POST, resumes
 * it where it stopped).
 */
export const postSync = async (deps: SyncDeps & MatterSyncDeps & HookDeps, tenant: Tenant): Promise<Reply> => {
  const deadline = Date.now() + REQUEST_BUDGET_MS;
  await startFullSync(deps, tenant);
  await startMatterSync(deps, tenant);
  const state = await runSync(deps, tenant, deadline);
  if (!state) throw new RefusedError('internal', 'sync_lost', 'The sync state could not be read back');
  if (state.status === 'complete') await subscribe(deps, tenant, 'contact');
  // The contacts first: a caller is named before a matter is looked for.
  const matters = state.status === 'running' ? await deps.matters.syncState(tenant.id) : await runMatterSync(deps, tenant, deadline);
  if (!matters) throw new RefusedError('internal', 'sync_lost', 'The matter sync state could not be read back');
  if (matters.status === 'complete') await subscribe(deps, tenant, 'matter');
  const running = state.status === 'running' || matters.status === 'running';
  const body = { ...view(state), matters: view(matters) };
  return running ? accepted(body) : ok(body);
};

/** `GET /v1/tenants/{id}/clio/sync`: the progress of the last sync (the matter index's under `matters`). */
export const getSync = async (deps: SyncDeps & MatterSyncDeps, tenant: Tenant): Promise<Reply> => {
  const state = await deps.index.syncState(tenant.id);
  const matters = await deps.matters.syncState(tenant.id);
  if (!state) throw new RefusedError('not_found', 'never_synced', 'No phone index sync has been started for this tenant');
  return ok({ ...view(state), ...(matters ? { matters: view(matters) } : {}) });
};

/**
 * The scheduled job: continue every running full sync and refresh every complete index (phone, then matters) with
 * what changed since its last run, until `deadline`; a tenant with a complete phone index and no matter index has
 * its matter sync started. One tenant's failure does not stop the others.
 */
export const syncAllTenants = async (
  deps: SyncDeps & MatterSyncDeps & { readonly tenants: TenantStore },
  deadline: number,
): Promise<{ synced: number; failed: number }> => {
  let synced = 0;
  let failed = 0;
  for (const id of await deps.tenants.listIds()) {
    if (Date.now() >= deadline) break;
    const tenant = await deps.tenants.get(id);
    if (!tenant || tenant.connection?.status === 'disconnected') continue;
    try {
      const state = await runSync(deps, tenant, deadline);
      // A tenant whose phone index was built before it had a matter index gets one on the next run; an index of
      // entries laid out the older way is built again (its sweep drops what that layout kept too long).
      const matterState = await deps.matters.syncState(id);
      if (state?.completedAt && (!matterState || (matterState.status === 'complete' && matterState.format !== MATTER_INDEX_FORMAT)))
        await startMatterSync(deps, tenant);
      const matters = await runMatterSync(deps, tenant, deadline);
      if (state ?? matters) synced++;
    } catch (error) {
      failed++;
      logger.warn('Scheduled index sync failed for a tenant', { tenantId: id, error: error as Error });
    }
  }
  return { synced, failed };
};
