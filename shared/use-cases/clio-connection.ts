// adapter (admin API request) --> (use case: connect, reconnect, revoke Clio) --> OAuth, secrets, tenants, outcomes
import { createHmac } from 'node:crypto';
import { ClioClient } from '../adapters/clio/clio.client.js';
import { clioBaseUrl } from '../adapters/clio/regions.js';
import { errorResponse } from '../adapters/http/http.js';
import { PermanentError } from '../domain/errors.js';
import { newNonce, signState, STATE_TTL_SECONDS, verifyState } from '../domain/oauth-state.js';
import type { ClioApp, ClioOAuth } from '../ports/clio-oauth.js';
import type { Tenant } from '../ports/tenant-store.js';
import type { HttpResponse } from '../ports/webhook-provider.js';
import { logger } from '../observability/logger.js';
import { json, type AdminDeps } from './admin-actions.js';
import type { HookDeps } from './contact-hooks.js';
import type { SyncDeps } from './sync-contacts.js';

export interface ConnectionDeps extends AdminDeps, SyncDeps, HookDeps {
  readonly oauth: ClioOAuth;
  /** One Clio host for every region (local simulator, sandbox). */
  readonly clioBaseUrl?: string;
}

export const CALLBACK_PATH = '/v1/oauth/clio/callback';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a person sees in the browser at the end of Clio's consent page. */
const page = (statusCode: number, title: string, message: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`,
});

const stateKey = (app: ClioApp): string => createHmac('sha256', app.clientSecret).update('call-connector oauth state').digest('hex');
const redirectUri = (deps: ConnectionDeps): string => `${deps.publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;

/** `GET /v1/tenants/{id}/clio/connect`: 302 to the tenant region's consent page, with a signed, expiring state. */
export const connectClio = async (deps: ConnectionDeps, tenant: Tenant): Promise<HttpResponse> => {
  const app = await deps.secrets.clioApp();
  if (!app) return errorResponse(503, 'clio_app_not_configured', 'The Clio app credentials are not configured');
  const now = deps.clock.now();
  // The state's nonce is kept with the firm and consumed by the callback: each link completes once, and only the latest.
  const nonce = newNonce();
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const authorizeUrl = deps.oauth.authorizeUrl(tenant.clioRegion, app, redirectUri(deps), signState(tenant.id, stateKey(app), now, nonce));
  return { statusCode: 302, headers: { location: authorizeUrl, 'content-type': 'application/json' }, body: JSON.stringify({ authorizeUrl }) };
};

/** `GET /v1/oauth/clio/callback`: Clio sends the person back here with a code (or a refusal). */
export const clioCallback = async (deps: ConnectionDeps, query: URLSearchParams): Promise<HttpResponse> => {
  if (query.get('error') === 'access_denied') return page(200, 'Clio was not connected', 'Access was declined in Clio; nothing changed. You can close this page.');
  const app = await deps.secrets.clioApp();
  if (!app) return page(503, 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(query.get('state') ?? '', stateKey(app), deps.clock.now());
  if (!check.ok) return page(400, 'This link is not valid', check.reason === 'expired' ? 'The connection link has expired: start again from the admin API.' : 'The connection request was not issued by us.');
  const code = query.get('code');
  const tenant = await deps.tenants.get(check.tenantId);
  if (!code || !tenant) return page(400, 'This link is not valid', 'Clio sent no authorisation code.');
  if (!(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page(400, 'This link is not valid', 'This connection link was used already, or a newer one was issued: start again from the admin API.');
  }
  try {
    const tokens = await deps.oauth.exchangeCode(tenant.clioRegion, app, code, redirectUri(deps));
    const me = await new ClioClient({ baseUrl: clioBaseUrl(tenant.clioRegion, deps.clioBaseUrl), accessToken: tokens.accessToken })
      .get<{ id: number; name: string }>('users/who_am_i.json', { fields: 'id,name' });
    const replaced = await deps.secrets.clioTokens(tenant.id, { fresh: true });
    await deps.secrets.putClioTokens(tenant.id, tokens);
    await deps.tenants.setConnection(tenant.id, { status: 'connected', since: deps.clock.now().toISOString(), clioUserId: me.id });
    // The grant this one replaces is revoked at Clio: no second live grant to the firm's account is left behind.
    if (replaced && replaced.accessToken !== tokens.accessToken) {
      await deps.oauth.deauthorize(tenant.clioRegion, replaced.accessToken).catch((error: unknown) => logger.warn('Revoking the replaced Clio grant failed', { tenantId: tenant.id, error: error as Error }));
    }
    return page(200, 'Clio is connected', `${tenant.name} now logs its calls in Clio as ${me.name}. You can close this page.`);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return page(400, 'Clio was not connected', `Clio refused the request (${error.code}); start again from the admin API.`);
  }
};

/**
 * Revokes the tenant's Clio grant at Clio, if it has one.
 * @returns false when it had no tokens to revoke
 * @throws when Clio did not take the revocation
 */
export const revokeClioGrant = async (deps: Pick<ConnectionDeps, 'secrets' | 'oauth'>, tenant: Tenant): Promise<boolean> => {
  const tokens = await deps.secrets.clioTokens(tenant.id, { fresh: true });
  if (!tokens) return false;
  await deps.oauth.deauthorize(tenant.clioRegion, tokens.accessToken);
  return true;
};

/** `DELETE /v1/tenants/{id}/clio`: revoke the token at Clio and forget it. */
export const disconnectClio = async (deps: ConnectionDeps, tenant: Tenant): Promise<HttpResponse> => {
  await revokeClioGrant(deps, tenant);
  await deps.secrets.deleteClioTokens(tenant.id);
  await deps.tenants.setConnection(tenant.id, { status: 'disconnected', since: deps.clock.now().toISOString(), reason: 'revoked' });
  return { statusCode: 204, headers: {}, body: '' };
};

/** `POST /v1/tenants/{id}/outcomes/replay?status=parked`: every parked event back on the queue. */
export const replayByStatus = async (deps: ConnectionDeps, tenant: Tenant, query: URLSearchParams): Promise<HttpResponse> => {
  const status = query.get('status');
  if (status !== 'parked' && status !== 'failed') return errorResponse(400, 'invalid_query', 'status must be parked or failed');
  // Bounded work per request: at most one page of up to 100, and the cursor to ask for the next one.
  const limit = Number(query.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return errorResponse(400, 'invalid_query', 'limit must be 1 to 100');
  const cursor = query.get('cursor') ?? undefined;
  const page = await deps.outcomes.list(tenant.id, { status, limit, ...(cursor ? { cursor } : {}) });
  for (const outcome of page.items) await deps.queue.enqueue(outcome.event, { replay: true });
  return json(202, { status, queued: page.items.length, nextCursor: page.nextCursor ?? null });
};
