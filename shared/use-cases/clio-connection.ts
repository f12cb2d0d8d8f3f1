// adapter (admin API request) --> (use case: connect, reconnect, revoke Clio) --> OAuth, secrets, tenants, outcomes
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ClioClient } from '../adapters/clio/clio.client.js';
import { clioBaseUrl } from '../adapters/clio/regions.js';
import { errorResponse } from '../adapters/http/http.js';
import { PermanentError } from '../domain/errors.js';
import { newNonce, signState, STATE_TTL_SECONDS, verifyState } from '../domain/oauth-state.js';
import type { ClioApp, ClioOAuth } from '../ports/clio-oauth.js';
import type { Tenant } from '../ports/tenant-store.js';
import type { HttpResponse } from '../ports/webhook-provider.js';
import { clearCookie, readCookie, setCookie } from '../http/cookies.js';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../http/console-assets.js';
import { logger } from '../observability/logger.js';
import { json, type AdminDeps } from './admin-actions.js';
import type { HookDeps } from './contact-hooks.js';
import { currentSession, type SessionDeps } from './sessions.js';
import type { SyncDeps } from './sync-contacts.js';

export interface ConnectionDeps extends AdminDeps, SyncDeps, HookDeps, SessionDeps {
  readonly oauth: ClioOAuth;
  /** One Clio host for every region (local simulator, sandbox). */
  readonly clioBaseUrl?: string;
}

export const CALLBACK_PATH = '/v1/oauth/clio/callback';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The cookie that binds a connection flow to the browser that started it (`__Host-` over https). */
export const OAUTH_COOKIE = 'cc_oauth';
export const START_PATH = '/v1/oauth/clio/start';
export const CONFIRM_PATH = '/v1/oauth/clio/confirm';
/** A flow that may replace the connected Clio user with this one (after the person confirmed it): `replace.<user id>.<random>`. */
const REPLACING = /^replace\.(\d+)\./;

/** What a person sees in the browser at the end of Clio's consent page. */
const page = (deps: Pick<ConnectionDeps, 'publicBaseUrl'>, statusCode: number, title: string, message: string, extra = '', cookie?: string, formRedirectsTo?: string): HttpResponse => ({
  statusCode,
  headers: {
    ...securityHeaders(deps.publicBaseUrl), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
    ...(cookie === undefined ? {} : { 'set-cookie': cookie }),
    // Browsers hold a form's redirects to form-action too: the confirmation's answer goes on to Clio.
    ...(formRedirectsTo === undefined ? {} : { 'content-security-policy': CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${formRedirectsTo}`) }),
  },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p>${extra}</main></body></html>`,
});

/** Keys for the state Clio carries, the start link the admin API hands out, the confirmation form, and the browser binding. */
const keyFor = (app: ClioApp, purpose: 'state' | 'start' | 'confirm' | 'browser'): string =>
  createHmac('sha256', app.clientSecret).update(purpose === 'state' ? 'call-connector oauth state' : `call-connector oauth ${purpose}`).digest('hex');
const stateKey = (app: ClioApp): string => keyFor(app, 'state');
const redirectUri = (deps: ConnectionDeps): string => `${deps.publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;

/** The binding cookie's value for a flow: only we can compute it, and only the browser we gave it to has it. */
const binding = (app: ClioApp, nonce: string): string => createHmac('sha256', keyFor(app, 'browser')).update(nonce).digest('base64url');
const bindingCookie = (deps: ConnectionDeps, app: ClioApp, nonce: string): string =>
  // Lax, not Strict: the browser comes back to the callback from Clio's site.
  setCookie(OAUTH_COOKIE, binding(app, nonce), deps.publicBaseUrl, { maxAgeSeconds: STATE_TTL_SECONDS, sameSite: 'Lax' });
const boundTo = (deps: ConnectionDeps, app: ClioApp, nonce: string, cookieHeader: string | undefined): boolean => {
  const given = Buffer.from(readCookie(cookieHeader, OAUTH_COOKIE, deps.publicBaseUrl) ?? '');
  const expected = Buffer.from(binding(app, nonce));
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** Opens a flow (its nonce kept with the firm: each flow completes once, and only the latest) bound to this browser. */
const openFlow = async (deps: ConnectionDeps, app: ClioApp, tenant: Tenant, nonce: string): Promise<{ authorizeUrl: string; cookie: string }> => {
  const now = deps.clock.now();
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const authorizeUrl = deps.oauth.authorizeUrl(tenant.clioRegion, app, redirectUri(deps), signState(tenant.id, stateKey(app), now, nonce));
  return { authorizeUrl, cookie: bindingCookie(deps, app, nonce) };
};

/**
 * `GET /v1/tenants/{id}/clio/connect`. From the console (its session cookie): 302 to the tenant region's consent
 * page, the browser bound to the flow by a cookie. With a bearer key (curl): 302 to our own start link, which binds
 * whichever browser opens it first (once) and goes on to Clio; `authorizeUrl` in the body is that link.
 */
export const connectClio = async (deps: ConnectionDeps, tenant: Tenant, via: 'session' | 'key'): Promise<HttpResponse> => {
  const app = await deps.secrets.clioApp();
  if (!app) return errorResponse(503, 'clio_app_not_configured', 'The Clio app credentials are not configured');
  const now = deps.clock.now();
  if (via === 'session') {
    const flow = await openFlow(deps, app, tenant, newNonce());
    return { statusCode: 302, headers: { location: flow.authorizeUrl, 'content-type': 'application/json', 'set-cookie': flow.cookie }, body: JSON.stringify({ authorizeUrl: flow.authorizeUrl }) };
  }
  const nonce = newNonce();
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const authorizeUrl = `${deps.publicBaseUrl.replace(/\/+$/, '')}${START_PATH}?${new URLSearchParams({ token: signState(tenant.id, keyFor(app, 'start'), now, nonce) }).toString()}`;
  return { statusCode: 302, headers: { location: authorizeUrl, 'content-type': 'application/json' }, body: JSON.stringify({ authorizeUrl }) };
};

/**
 * `GET /v1/oauth/clio/start?token=…`: the start link of a key-started flow, opened in a browser signed in to the
 * firm's console (or the operator's). A link alone connects nobody: sent by one firm to another firm's lawyer, it
 * would otherwise give the first firm a grant to the second firm's Clio.
 */
export const startClioFlow = async (deps: ConnectionDeps, query: URLSearchParams, cookieHeader: string | undefined): Promise<HttpResponse> => {
  const app = await deps.secrets.clioApp();
  if (!app) return page(deps, 503, 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(query.get('token') ?? '', keyFor(app, 'start'), deps.clock.now());
  if (!check.ok) return page(deps, 400, 'This link is not valid', check.reason === 'expired' ? 'The connection link has expired: start again.' : 'The connection request was not issued by us.');
  const signedIn = await currentSession(deps, cookieHeader);
  if (!signedIn || (signedIn.session.role !== 'operator' && signedIn.session.tenantId !== check.tenantId)) {
    // Checked before the link is used up: the firm's admin can still open it once signed in.
    return page(deps, 403, 'Sign in to continue', 'Open this link in a browser signed in to the firm\'s console with its admin key, or use Connect Clio there.');
  }
  const tenant = await deps.tenants.get(check.tenantId);
  // Single use: the link's nonce is consumed, and a new flow, bound to this browser, takes its place.
  if (!tenant || !(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page(deps, 400, 'This link is not valid', 'This connection link was opened already, or a newer one was issued: start again.');
  }
  const flow = await openFlow(deps, app, tenant, newNonce());
  return { statusCode: 302, headers: { location: flow.authorizeUrl, 'cache-control': 'no-store', 'set-cookie': flow.cookie }, body: '' };
};

/** Who the firm is connected as now, by name when its current token still answers. */
const connectedAs = async (deps: ConnectionDeps, tenant: Tenant, userId: number): Promise<string> => {
  const tokens = await deps.secrets.clioTokens(tenant.id, { fresh: true });
  const me = tokens && await new ClioClient({ baseUrl: clioBaseUrl(tenant.clioRegion, deps.clioBaseUrl), accessToken: tokens.accessToken })
    .get<{ id: number; name: string }>('users/who_am_i.json', { fields: 'id,name' }).catch(() => undefined);
  return me?.id === userId ? `${me.name} (Clio user ${userId})` : `Clio user ${userId}`;
};

/** `GET /v1/oauth/clio/callback`: Clio sends the person back here with a code (or a refusal). */
export const clioCallback = async (deps: ConnectionDeps, query: URLSearchParams, cookieHeader?: string): Promise<HttpResponse> => {
  if (query.get('error') === 'access_denied') return page(deps, 200, 'Clio was not connected', 'Access was declined in Clio; nothing changed. You can close this page.');
  const app = await deps.secrets.clioApp();
  if (!app) return page(deps, 503, 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(query.get('state') ?? '', stateKey(app), deps.clock.now());
  if (!check.ok) return page(deps, 400, 'This link is not valid', check.reason === 'expired' ? 'The connection link has expired: start again from the admin console.' : 'The connection request was not issued by us.');
  // The flow completes only in the browser that started it: a link carried to another browser connects nothing.
  if (!boundTo(deps, app, check.nonce, cookieHeader)) {
    return page(deps, 400, 'This link is not valid', 'This connection was started in another browser: start again from the admin console in this one.');
  }
  const code = query.get('code');
  const tenant = await deps.tenants.get(check.tenantId);
  if (!code || !tenant) return page(deps, 400, 'This link is not valid', 'Clio sent no authorisation code.');
  if (!(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page(deps, 400, 'This link is not valid', 'This connection link was used already, or a newer one was issued: start again from the admin console.');
  }
  const done = clearCookie(OAUTH_COOKIE, deps.publicBaseUrl, 'Lax');
  try {
    const tokens = await deps.oauth.exchangeCode(tenant.clioRegion, app, code, redirectUri(deps));
    const me = await new ClioClient({ baseUrl: clioBaseUrl(tenant.clioRegion, deps.clioBaseUrl), accessToken: tokens.accessToken })
      .get<{ id: number; name: string }>('users/who_am_i.json', { fields: 'id,name' });
    const current = tenant.connection?.status === 'connected' ? tenant.connection.clioUserId : undefined;
    if (current !== undefined && current !== me.id && REPLACING.exec(check.nonce)?.[1] !== String(me.id)) {
      return await askToReplace(deps, app, tenant, { id: current, name: await connectedAs(deps, tenant, current) }, me, tokens.accessToken);
    }
    const replaced = await deps.secrets.clioTokens(tenant.id, { fresh: true });
    await deps.secrets.putClioTokens(tenant.id, tokens);
    await deps.tenants.setConnection(tenant.id, { status: 'connected', since: deps.clock.now().toISOString(), clioUserId: me.id });
    // The grant this one replaces is revoked at Clio: no second live grant to the firm's account is left behind.
    if (replaced && replaced.accessToken !== tokens.accessToken) {
      await deps.oauth.deauthorize(tenant.clioRegion, replaced.accessToken).catch((error: unknown) => logger.warn('Revoking the replaced Clio grant failed', { tenantId: tenant.id, error: error as Error }));
    }
    return page(deps, 200, 'Clio is connected', `${tenant.name} now logs its calls in Clio as ${me.name}. You can close this page.`, '', done);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return page(deps, 400, 'Clio was not connected', `Clio refused the request (${error.code}); start again from the admin console.`, '', done);
  }
};

/**
 * The firm is connected as another Clio user than the one who just consented: nothing is replaced. The new grant is
 * revoked at once (none is kept unconfirmed), and the page names both accounts; its form, bound to this browser,
 * sends the person through Clio once more to replace the connection with that user.
 */
const askToReplace = async (
  deps: ConnectionDeps, app: ClioApp, tenant: Tenant, current: { id: number; name: string }, next: { id: number; name: string }, newAccessToken: string,
): Promise<HttpResponse> => {
  await deps.oauth.deauthorize(tenant.clioRegion, newAccessToken).catch((error: unknown) => logger.warn('Revoking an unconfirmed Clio grant failed', { tenantId: tenant.id, error: error as Error }));
  const now = deps.clock.now();
  const nonce = `replace.${next.id}.${newNonce()}`;
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const token = signState(tenant.id, keyFor(app, 'confirm'), now, nonce);
  const form = `<form method="post" action="${CONFIRM_PATH}"><input type="hidden" name="token" value="${escape(token)}"><button type="submit">Replace with ${escape(next.name)}</button></form><p>Or close this page to keep ${escape(current.name)}.</p>`;
  return page(deps, 409, 'Replace the Clio connection?',
    `${tenant.name} is connected to Clio as ${current.name}. You signed in to Clio as ${next.name} (Clio user ${next.id}). Replacing it logs every call from now on as ${next.name}, and revokes the current connection.`,
    form, bindingCookie(deps, app, nonce), new URL(deps.oauth.authorizeUrl(tenant.clioRegion, app, redirectUri(deps), token)).origin);
};

/** `POST /v1/oauth/clio/confirm` (form): the person confirmed replacing the connected Clio user; on to Clio once more. */
export const confirmClioReplacement = async (deps: ConnectionDeps, body: URLSearchParams, cookieHeader: string | undefined): Promise<HttpResponse> => {
  const app = await deps.secrets.clioApp();
  if (!app) return page(deps, 503, 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(body.get('token') ?? '', keyFor(app, 'confirm'), deps.clock.now());
  const user = check.ok ? REPLACING.exec(check.nonce)?.[1] : undefined;
  // The form's token and this browser's cookie must both be of the flow: a form posted from elsewhere carries neither.
  if (!check.ok || user === undefined || !boundTo(deps, app, check.nonce, cookieHeader)) {
    return page(deps, 403, 'This confirmation is not valid', 'It was not made in this browser, or it expired: start again from the admin console.');
  }
  const tenant = await deps.tenants.get(check.tenantId);
  if (!tenant || !(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page(deps, 400, 'This confirmation is not valid', 'It was used already, or a newer connection was started: start again from the admin console.');
  }
  const flow = await openFlow(deps, app, tenant, `replace.${user}.${newNonce()}`);
  return { statusCode: 303, headers: { location: flow.authorizeUrl, 'cache-control': 'no-store', 'set-cookie': flow.cookie }, body: '' };
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
