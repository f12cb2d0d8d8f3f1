// adapter (admin API, schedule) --> (use case: phone index sync on request and on schedule) --> sync-contacts
import { errorResponse } from '../adapters/http/http.js';
import { logger } from '../observability/logger.js';
import type { SyncState } from '../ports/phone-index.js';
import type { Tenant, TenantStore } from '../ports/tenant-store.js';
import type { HttpResponse } from '../ports/webhook-provider.js';
import { json } from './admin-actions.js';
import { ensureContactHook, type HookDeps } from './contact-hooks.js';
import { runSync, startFullSync, type SyncDeps } from './sync-contacts.js';

/** How long one admin request may read pages before it answers with the progress so far. */
const REQUEST_BUDGET_MS = 20_000;

const view = (state: SyncState) => {
  const { cursor, ...shown } = state;
  return { ...shown, resumable: cursor !== undefined };
};

/**
 * `POST /v1/tenants/{id}/clio/sync`: starts a full sync (or continues the running one), reads pages for up to
 * 20 s and answers the progress: 200 when complete, 202 while it goes on (the schedule, or the next POST,
 * resumes it where it stopped).
 */
export const postSync = async (deps: SyncDeps & HookDeps, tenant: Tenant): Promise<HttpResponse> => {
  await startFullSync(deps, tenant);
  const state = await runSync(deps, tenant, Date.now() + REQUEST_BUDGET_MS);
  if (!state) return errorResponse(500, 'sync_lost', 'The sync state could not be read back');
  // From now on Clio tells us of every contact change; a failure here leaves the schedule to keep it fresh.
  if (state.status === 'complete') await ensureContactHook(deps, tenant).catch((error: unknown) => logger.warn('Contact webhook not registered', { tenantId: tenant.id, error: error as Error }));
  return json(state.status === 'running' ? 202 : 200, view(state));
};

/** `GET /v1/tenants/{id}/clio/sync`: the progress of the last sync. */
export const getSync = async (deps: SyncDeps, tenant: Tenant): Promise<HttpResponse> => {
  const state = await deps.index.syncState(tenant.id);
  return state ? json(200, view(state)) : errorResponse(404, 'never_synced', 'No phone index sync has been started for this tenant');
};

/**
 * The scheduled job: continue every running full sync and refresh every complete index with the contacts
 * changed since its last run, until `deadline`. One tenant's failure does not stop the others.
 */
export const syncAllTenants = async (deps: SyncDeps & { readonly tenants: TenantStore }, deadline: number): Promise<{ synced: number; failed: number }> => {
  let synced = 0;
  let failed = 0;
  for (const id of await deps.tenants.listIds()) {
    if (Date.now() >= deadline) break;
    const tenant = await deps.tenants.get(id);
    if (!tenant || tenant.connection?.status === 'disconnected') continue;
    try {
      const state = await runSync(deps, tenant, deadline);
      if (state) synced++;
    } catch (error) {
      failed++;
      logger.warn('Scheduled phone index sync failed for a tenant', { tenantId: id, error: error as Error });
    }
  }
  return { synced, failed };
};
