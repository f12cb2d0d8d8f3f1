// adapter (admin API request) --> (use case: connect, reconnect, revoke Clio) --> OAuth, secrets, tenants, outcomes
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PermanentError, RefusedError } from '../domain/errors.js';
import { newNonce, signState, STATE_TTL_SECONDS, verifyState } from '../domain/oauth-state.js';
import type { ClioApp } from '../domain/clio-credentials.js';
import type { ClioOAuth } from '../ports/clio-oauth.js';
import type { Tenant } from '../domain/tenant.js';
import { accepted, done, type Reply } from '../domain/reply.js';
import type { ClioClientFactory } from '../ports/clio-accounts.js';
import { logger } from '../observability/logger.js';
import type { AdminDeps } from './admin-actions.js';
import type { HookDeps } from './contact-hooks.js';
import { currentSession, type SessionDeps } from './sessions.js';
import type { SyncDeps } from './sync-contacts.js';

export interface ConnectionDeps extends AdminDeps, SyncDeps, HookDeps, SessionDeps {
  readonly oauth: ClioOAuth;
  readonly clioClients: ClioClientFactory;
}

export const CALLBACK_PATH = '/v1/oauth/clio/callback';

export const START_PATH = '/v1/oauth/clio/start';
export const CONFIRM_PATH = '/v1/oauth/clio/confirm';
/** A flow that may replace the connected Clio user with this one (after the person confirmed it): `replace.<user id>.<random>`. */
const REPLACING = /^replace\.(\d+)\./;

/**
 * What a person sees in the browser at the end of Clio's consent page (shared/http renders it): `done` when the flow
 * ended (connected, or declined), `invalid` for a link or form not of a live flow, `forbidden` for one opened without
 * the right to it, `confirm` to ask before the connected Clio user is replaced, `unavailable` with no Clio app.
 */
export interface FlowPage {
  readonly outcome: 'done' | 'invalid' | 'forbidden' | 'confirm' | 'unavailable';
  readonly title: string;
  readonly message: string;
  /** The browser's binding to the flow: set, or cleared. */
  readonly binding?: Binding;
  /** The confirmation form: posted to {@link CONFIRM_PATH} with `token`, on to Clio at `redirectsTo`. */
  readonly confirm?: { readonly token: string; readonly replaceWith: string; readonly keep: string; readonly redirectsTo: string };
}

/** The browser's binding cookie: set to a flow's value (for as long as a flow's state lasts), or cleared. */
export type Binding = { readonly set: string } | 'clear';

/** What the browser presents, as the HTTP layer read it from its cookies. */
export interface Browser {
  /** The console's session, if it is signed in. */
  readonly sessionId?: string | undefined;
  /** The binding cookie of the flow it started. */
  readonly binding?: string | undefined;
}

/** Where a flow sends the browser next: from a link (302) or from a posted form (303). */
export interface FlowRedirect {
  readonly location: string;
  readonly from: 'link' | 'form';
  /** The binding cookie's value to set: the browser that follows the redirect is bound to the flow. */
  readonly binding: string;
}

export type FlowStep = { readonly type: 'page'; readonly page: FlowPage } | ({ readonly type: 'redirect' } & FlowRedirect);

const page = (outcome: FlowPage['outcome'], title: string, message: string, more: Pick<FlowPage, 'binding' | 'confirm'> = {}): FlowStep => ({
  type: 'page',
  page: { outcome, title, message, ...more },
});

/** Keys for the state Clio carries, the start link the admin API hands out, the confirmation form, and the browser binding. */
const keyFor = (app: ClioApp, purpose: 'state' | 'start' | 'confirm' | 'browser'): string =>
  createHmac('sha256', app.clientSecret)
    .update(purpose === 'state' ? 'call-connector oauth state' : `call-connector oauth ${purpose}`)
    .digest('hex');
const stateKey = (app: ClioApp): string => keyFor(app, 'state');
const redirectUri = (deps: ConnectionDeps): string => `${deps.publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;

/** The binding cookie's value for a flow: only we can compute it, and only the browser we gave it to has it. */
const binding = (app: ClioApp, nonce: string): string => createHmac('sha256', keyFor(app, 'browser')).update(nonce).digest('base64url');
const boundTo = (app: ClioApp, nonce: string, browser: Browser): boolean => {
  const given = Buffer.from(browser.binding ?? '');
  const expected = Buffer.from(binding(app, nonce));
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** Opens a flow (its nonce kept with the firm: each flow completes once, and only the latest) bound to this browser. */
const openFlow = async (deps: ConnectionDeps, app: ClioApp, tenant: Tenant, nonce: string): Promise<{ authorizeUrl: string; binding: string }> => {
  const now = deps.clock.now();
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const authorizeUrl = deps.oauth.authorizeUrl(tenant.clioRegion, app, redirectUri(deps), signState(tenant.id, stateKey(app), now, nonce));
  return { authorizeUrl, binding: binding(app, nonce) };
};

/**
 * `GET /v1/tenants/{id}/clio/connect`. From the console (its session cookie): 302 to the tenant region's consent
 * page, the browser bound to the flow by a cookie. With a bearer key (curl): 302 to our own start link, which binds
 * whichever browser opens it first (once) and goes on to Clio; `authorizeUrl` in the body is that link.
 */
export const connectClio = async (
  deps: ConnectionDeps,
  tenant: Tenant,
  via: 'session' | 'key',
): Promise<{ readonly authorizeUrl: string; readonly binding?: string }> => {
  const app = await deps.secrets.clioApp();
  if (!app) throw new RefusedError('unavailable', 'clio_app_not_configured', 'The Clio app credentials are not configured');
  const now = deps.clock.now();
  if (via === 'session') {
    return openFlow(deps, app, tenant, newNonce());
  }
  const nonce = newNonce();
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const authorizeUrl = `${deps.publicBaseUrl.replace(/\/+$/, '')}${START_PATH}?${new URLSearchParams({ token: signState(tenant.id, keyFor(app, 'start'), now, nonce) }).toString()}`;
  return { authorizeUrl };
};

/**
 * `GET /v1/oauth/clio/start?token=…`: the start link of a key-started flow, opened in a browser signed in to the
 * firm's console (or the operator's). A link alone connects nobody: sent by one firm to another firm's lawyer, it
 * would otherwise give the first firm a grant to the second firm's Clio.
 */
export const startClioFlow = async (deps: ConnectionDeps, query: URLSearchParams, browser: Browser): Promise<FlowStep> => {
  const app = await deps.secrets.clioApp();
  if (!app) return page('unavailable', 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(query.get('token') ?? '', keyFor(app, 'start'), deps.clock.now());
  if (!check.ok)
    return page(
      'invalid',
      'This link is not valid',
      check.reason === 'expired' ? 'The connection link has expired: start again.' : 'The connection request was not issued by us.',
    );
  const signedIn = await currentSession(deps, browser.sessionId);
  if (!signedIn || (signedIn.session.role !== 'operator' && signedIn.session.tenantId !== check.tenantId)) {
    // Checked before the link is used up: the firm's admin can still open it once signed in.
    return page(
      'forbidden',
      'Sign in to continue',
      "Open this link in a browser signed in to the firm's console with its admin key, or use Connect Clio there.",
    );
  }
  const tenant = await deps.tenants.get(check.tenantId);
  // Single use: the link's nonce is consumed, and a new flow, bound to this browser, takes its place.
  if (!tenant || !(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page('invalid', 'This link is not valid', 'This connection link was opened already, or a newer one was issued: start again.');
  }
  const flow = await openFlow(deps, app, tenant, newNonce());
  return { type: 'redirect', from: 'link', location: flow.authorizeUrl, binding: flow.binding };
};

/** Who the firm is connected as now, by name when its current token still answers. */
const connectedAs = async (deps: ConnectionDeps, tenant: Tenant, userId: number): Promise<string> => {
  const tokens = await deps.secrets.clioTokens(tenant.id, { fresh: true });
  const me =
    tokens &&
    (await deps.clioClients
      .forToken(tenant.clioRegion, tokens.accessToken)
      .whoAmI()
      .catch(() => undefined));
  return me?.id === userId ? `${me.name} (Clio user ${userId})` : `Clio user ${userId}`;
};

/** `GET /v1/oauth/clio/callback`: Clio sends the person back here with a code (or a refusal). */
export const clioCallback = async (deps: ConnectionDeps, query: URLSearchParams, browser: Browser): Promise<FlowStep> => {
  if (query.get('error') === 'access_denied')
    return page('done', 'Clio was not connected', 'Access was declined in Clio; nothing changed. You can close this page.');
  const app = await deps.secrets.clioApp();
  if (!app) return page('unavailable', 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(query.get('state') ?? '', stateKey(app), deps.clock.now());
  if (!check.ok)
    return page(
      'invalid',
      'This link is not valid',
      check.reason === 'expired' ? 'The connection link has expired: start again from the admin console.' : 'The connection request was not issued by us.',
    );
  // The flow completes only in the browser that started it: a link carried to another browser connects nothing.
  if (!boundTo(app, check.nonce, browser)) {
    return page('invalid', 'This link is not valid', 'This connection was started in another browser: start again from the admin console in this one.');
  }
  const code = query.get('code');
  const tenant = await deps.tenants.get(check.tenantId);
  if (!code || !tenant) return page('invalid', 'This link is not valid', 'Clio sent no authorisation code.');
  if (!(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page('invalid', 'This link is not valid', 'This connection link was used already, or a newer one was issued: start again from the admin console.');
  }
  try {
    const tokens = await deps.oauth.exchangeCode(tenant.clioRegion, app, code, redirectUri(deps));
    const me = await deps.clioClients.forToken(tenant.clioRegion, tokens.accessToken).whoAmI();
    const current = tenant.connection?.status === 'connected' ? tenant.connection.clioUserId : undefined;
    if (current !== undefined && current !== me.id && REPLACING.exec(check.nonce)?.[1] !== String(me.id)) {
      return await askToReplace(deps, app, tenant, { id: current, name: await connectedAs(deps, tenant, current) }, me, tokens.accessToken);
    }
    const replaced = await deps.secrets.clioTokens(tenant.id, { fresh: true });
    await deps.secrets.putClioTokens(tenant.id, tokens);
    await deps.tenants.setConnection(tenant.id, { status: 'connected', since: deps.clock.now().toISOString(), clioUserId: me.id });
    // The grant this one replaces is revoked at Clio: no second live grant to the firm's account is left behind.
    if (replaced && replaced.accessToken !== tokens.accessToken) {
      await deps.oauth
        .deauthorize(tenant.clioRegion, replaced.accessToken)
        .catch((error: unknown) => logger.warn('Revoking the replaced Clio grant failed', { tenantId: tenant.id, error: error as Error }));
    }
    return page('done', 'Clio is connected', `${tenant.name} now logs its calls in Clio as ${me.name}. You can close this page.`, { binding: 'clear' });
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return page('invalid', 'Clio was not connected', `Clio refused the request (${error.code}); start again from the admin console.`, { binding: 'clear' });
  }
};

/**
 * The firm is connected as another Clio user than the one who just consented: nothing is replaced. The new grant is
 * revoked at once (none is kept unconfirmed), and the page names both accounts; its form, bound to this browser,
 * sends the person through Clio once more to replace the connection with that user.
 */
const askToReplace = async (
  deps: ConnectionDeps,
  app: ClioApp,
  tenant: Tenant,
  current: { id: number; name: string },
  next: { id: number; name: string },
  newAccessToken: string,
): Promise<FlowStep> => {
  await deps.oauth
    .deauthorize(tenant.clioRegion, newAccessToken)
    .catch((error: unknown) => logger.warn('Revoking an unconfirmed Clio grant failed', { tenantId: tenant.id, error: error as Error }));
  const now = deps.clock.now();
  const nonce = `replace.${next.id}.${newNonce()}`;
  await deps.tenants.beginClioConnect(tenant.id, nonce, new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString());
  const token = signState(tenant.id, keyFor(app, 'confirm'), now, nonce);
  return page(
    'confirm',
    'Replace the Clio connection?',
    `${tenant.name} is connected to Clio as ${current.name}. You signed in to Clio as ${next.name} (Clio user ${next.id}). Replacing it logs every call from now on as ${next.name}, and revokes the current connection.`,
    {
      binding: { set: binding(app, nonce) },
      confirm: {
        token,
        replaceWith: next.name,
        keep: current.name,
        redirectsTo: new URL(deps.oauth.authorizeUrl(tenant.clioRegion, app, redirectUri(deps), token)).origin,
      },
    },
  );
};

/** `POST /v1/oauth/clio/confirm` (form): the person confirmed replacing the connected Clio user; on to Clio once more. */
export const confirmClioReplacement = async (deps: ConnectionDeps, body: URLSearchParams, browser: Browser): Promise<FlowStep> => {
  const app = await deps.secrets.clioApp();
  if (!app) return page('unavailable', 'Clio cannot be connected yet', 'The Clio app credentials are not configured.');
  const check = verifyState(body.get('token') ?? '', keyFor(app, 'confirm'), deps.clock.now());
  const user = check.ok ? REPLACING.exec(check.nonce)?.[1] : undefined;
  // The form's token and this browser's cookie must both be of the flow: a form posted from elsewhere carries neither.
  if (!check.ok || user === undefined || !boundTo(app, check.nonce, browser)) {
    return page('forbidden', 'This confirmation is not valid', 'It was not made in this browser, or it expired: start again from the admin console.');
  }
  const tenant = await deps.tenants.get(check.tenantId);
  if (!tenant || !(await deps.tenants.consumeClioConnect(tenant.id, check.nonce, deps.clock.now()))) {
    return page('invalid', 'This confirmation is not valid', 'It was used already, or a newer connection was started: start again from the admin console.');
  }
  const flow = await openFlow(deps, app, tenant, `replace.${user}.${newNonce()}`);
  return { type: 'redirect', from: 'form', location: flow.authorizeUrl, binding: flow.binding };
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
export const disconnectClio = async (deps: ConnectionDeps, tenant: Tenant): Promise<Reply> => {
  await revokeClioGrant(deps, tenant);
  await deps.secrets.deleteClioTokens(tenant.id);
  await deps.tenants.setConnection(tenant.id, { status: 'disconnected', since: deps.clock.now().toISOString(), reason: 'revoked' });
  return done;
};

/** `POST /v1/tenants/{id}/outcomes/replay?status=parked`: every parked event back on the queue. */
export const replayByStatus = async (deps: ConnectionDeps, tenant: Tenant, query: URLSearchParams): Promise<Reply> => {
  const status = query.get('status');
  if (status !== 'parked' && status !== 'failed') throw new RefusedError('invalid', 'invalid_query', 'status must be parked or failed');
  // Bounded work per request: at most one page of up to 100, and the cursor to ask for the next one.
  const limit = Number(query.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RefusedError('invalid', 'invalid_query', 'limit must be 1 to 100');
  const cursor = query.get('cursor') ?? undefined;
  const page = await deps.outcomes.list(tenant.id, { status, limit, ...(cursor ? { cursor } : {}) });
  for (const outcome of page.items) await deps.queue.enqueue(outcome.event, { replay: true });
  return accepted({ status, queued: page.items.length, nextCursor: page.nextCursor ?? null });
};
