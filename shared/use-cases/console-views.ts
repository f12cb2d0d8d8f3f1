// adapter (admin API request) --> (use case: what the console shows of a firm) --> tenants, secrets, Clio
import { RefusedError, RetryableError, TenantNotConnectedError } from '../domain/errors.js';
import { ok, type Reply } from '../domain/reply.js';
import type { Tenant } from '../domain/tenant.js';
import type { ClioAccount } from '../ports/clio-accounts.js';
import { webhookUrls } from './admin-actions.js';
import type { ConnectionDeps } from './clio-connection.js';

/** The most firms one listing shows: the operator's view is a short list, not an export. */
const MAX_LISTED_TENANTS = 500;

/** `GET /v1/tenants/{id}`: the firm's name, region, Clio connection and webhook URLs (no secret, no key). */
export const tenantView = (deps: Pick<ConnectionDeps, 'publicBaseUrl' | 'clioClients'>, tenant: Tenant) => ({
  id: tenant.id,
  name: tenant.name,
  clioRegion: tenant.clioRegion,
  connection: tenant.connection ?? null,
  webhookUrls: webhookUrls(deps.publicBaseUrl, tenant.id),
  /** Where the firm's Clio records open (its region's host). */
  clioUrl: deps.clioClients.webUrl(tenant.clioRegion),
});

/** `GET /v1/tenants` (operator): every firm, by name. */
export const listTenants = async (deps: ConnectionDeps): Promise<Reply> => {
  const ids = (await deps.tenants.listIds()).slice(0, MAX_LISTED_TENANTS);
  const tenants = (await Promise.all(ids.map((id) => deps.tenants.get(id)))).filter((t): t is Tenant => t !== undefined);
  return ok({
    data: tenants
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({ id: t.id, name: t.name, clioRegion: t.clioRegion, connection: t.connection ?? null })),
  });
};

/** Asks Clio on the tenant's current token; a missing or refused token and a silent Clio are refusals of their own. */
const askClio = async <T>(deps: ConnectionDeps, tenant: Tenant, ask: (clio: ClioAccount) => Promise<T>): Promise<T> => {
  const tokens = await deps.secrets.clioTokens(tenant.id, { fresh: true });
  if (!tokens) throw new RefusedError('conflict', 'clio_not_connected', 'The firm has not connected Clio');
  try {
    return await ask(deps.clioClients.forToken(tenant.clioRegion, tokens.accessToken));
  } catch (error) {
    if (error instanceof TenantNotConnectedError)
      throw new RefusedError('conflict', 'clio_not_connected', "Clio refused the firm's token: connect Clio again", { cause: error });
    if (error instanceof RetryableError) throw new RefusedError('upstream_unavailable', 'clio_unavailable', 'Clio did not answer; try again', { cause: error });
    throw error;
  }
};

/** `GET /v1/tenants/{id}/clio/status`: the connection, with the connected Clio user as Clio names it now (null when Clio cannot say). */
export const clioStatus = async (deps: ConnectionDeps, tenant: Tenant): Promise<Reply> => {
  const base = { region: tenant.clioRegion, connection: tenant.connection ?? null };
  const me = await askClio(deps, tenant, (clio) => clio.whoAmI()).catch((error: unknown) => {
    if (error instanceof RefusedError) return null;
    throw error;
  });
  return ok({ ...base, user: me ? { id: me.id, name: me.name } : null });
};

/** `GET /v1/tenants/{id}/clio/users`: the firm's enabled Clio users, to map phone users to. */
export const clioUsers = async (deps: ConnectionDeps, tenant: Tenant): Promise<Reply> =>
  ok({ data: await askClio(deps, tenant, (clio) => clio.enabledUsers()) });
