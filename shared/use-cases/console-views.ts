// adapter (admin API request) --> (use case: what the console shows of a firm) --> tenants, secrets, Clio
import { ClioClient } from '../adapters/clio/clio.client.js';
import { clioBaseUrl } from '../adapters/clio/regions.js';
import { errorResponse } from '../adapters/http/http.js';
import { RetryableError, TenantNotConnectedError } from '../domain/errors.js';
import type { Tenant } from '../ports/tenant-store.js';
import type { HttpResponse } from '../ports/webhook-provider.js';
import { json, webhookUrls } from './admin-actions.js';
import type { ConnectionDeps } from './clio-connection.js';

/** The most firms one listing shows: the operator's view is a short list, not an export. */
const MAX_LISTED_TENANTS = 500;

/** `GET /v1/tenants/{id}`: the firm's name, region, Clio connection and webhook URLs (no secret, no key). */
export const tenantView = (deps: Pick<ConnectionDeps, 'publicBaseUrl' | 'clioBaseUrl'>, tenant: Tenant) => ({
  id: tenant.id, name: tenant.name, clioRegion: tenant.clioRegion, connection: tenant.connection ?? null, webhookUrls: webhookUrls(deps.publicBaseUrl, tenant.id),
  /** Where the firm's Clio records open (its region's host). */
  clioUrl: clioBaseUrl(tenant.clioRegion, deps.clioBaseUrl),
});

/** `GET /v1/tenants` (operator): every firm, by name. */
export const listTenants = async (deps: ConnectionDeps): Promise<HttpResponse> => {
  const ids = (await deps.tenants.listIds()).slice(0, MAX_LISTED_TENANTS);
  const tenants = (await Promise.all(ids.map((id) => deps.tenants.get(id)))).filter((t): t is Tenant => t !== undefined);
  return json(200, { data: tenants.sort((a, b) => a.name.localeCompare(b.name)).map((t) => ({ id: t.id, name: t.name, clioRegion: t.clioRegion, connection: t.connection ?? null })) });
};

/** A client on the tenant's current Clio token; undefined when it has none. */
const clioFor = async (deps: ConnectionDeps, tenant: Tenant): Promise<ClioClient | undefined> => {
  const tokens = await deps.secrets.clioTokens(tenant.id, { fresh: true });
  return tokens ? new ClioClient({ baseUrl: clioBaseUrl(tenant.clioRegion, deps.clioBaseUrl), accessToken: tokens.accessToken }) : undefined;
};

/** Asks Clio; a refused token or a silent Clio answers as such rather than failing the request. */
const askClio = async <T>(deps: ConnectionDeps, tenant: Tenant, ask: (clio: ClioClient) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: HttpResponse }> => {
  const clio = await clioFor(deps, tenant);
  if (!clio) return { ok: false, response: errorResponse(409, 'clio_not_connected', 'The firm has not connected Clio') };
  try {
    return { ok: true, value: await ask(clio) };
  } catch (error) {
    if (error instanceof TenantNotConnectedError) return { ok: false, response: errorResponse(409, 'clio_not_connected', 'Clio refused the firm\'s token: connect Clio again') };
    if (error instanceof RetryableError) return { ok: false, response: errorResponse(502, 'clio_unavailable', 'Clio did not answer; try again') };
    throw error;
  }
};

/** `GET /v1/tenants/{id}/clio/status`: the connection, with the connected Clio user as Clio names it now. */
export const clioStatus = async (deps: ConnectionDeps, tenant: Tenant): Promise<HttpResponse> => {
  const base = { region: tenant.clioRegion, connection: tenant.connection ?? null };
  const me = await askClio(deps, tenant, (clio) => clio.get<{ id: number; name: string }>('users/who_am_i.json', { fields: 'id,name' }));
  return json(200, { ...base, user: me.ok ? { id: me.value.id, name: me.value.name } : null });
};

/** `GET /v1/tenants/{id}/clio/users`: the firm's enabled Clio users, to map phone users to. */
export const clioUsers = async (deps: ConnectionDeps, tenant: Tenant): Promise<HttpResponse> => {
  const users = await askClio(deps, tenant, (clio) => clio.get<{ id: number; name: string; email?: string }[]>('users.json', { fields: 'id,name,email', enabled: 'true', limit: 200 }));
  return users.ok ? json(200, { data: users.value.map((u) => ({ id: u.id, name: u.name, ...(u.email ? { email: u.email } : {}) })) }) : users.response;
};
