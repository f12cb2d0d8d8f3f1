import type { IncomingMessage } from 'node:http';
import type { ChaosMonkey } from './chaos.js';
import { fireChaos } from './chaos.js';
import type { ApiContext, ModelEvent } from './context.js';
import type { FaultQueue, RateLimiter } from './gate.js';
import { apiVersion, faultResponse, rateLimited } from './gate.js';
import type { SimResponse } from './http.js';
import { ApiError, INVALID_TOKEN_BODY, argumentError, isRecord, notFound, parseJson } from './http.js';
import type { OAuthService } from './oauth.js';
import { COMMON_PARAMS, ROUTES } from './routes.js';
import { API_PREFIX, UPLOAD_PREFIX, checkAgainstSpec, matchOperation } from './spec.js';
import type { SimStore } from './store.js';
import { receiveUpload } from './uploads.js';
import type { WebhookDispatcher } from './webhook-delivery.js';

/** What to do with a request whose query parameters the spec does not document. */
export type SpecValidationMode = 'reject' | 'record';

/** What the request pipeline needs; one instance per simulator. */
export interface ApiDeps {
  store: SimStore;
  oauth: OAuthService;
  limiter: RateLimiter;
  faults: FaultQueue;
  chaos: ChaosMonkey;
  hooks: WebhookDispatcher;
  rateLimit: number;
  specValidation: SpecValidationMode;
  baseUrl: () => string;
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function answer(error: unknown, headers: Record<string, string>): SimResponse {
  if (!(error instanceof ApiError)) throw error;
  return { status: error.status, body: error.body, headers: { ...headers, ...error.headers } };
}

async function serveApi(deps: ApiDeps, req: IncomingMessage, url: URL, bodyText: string): Promise<SimResponse> {
  const token = bearer(req);
  const grant = token === undefined ? undefined : deps.oauth.tokenFor(token);
  const user = deps.store.data.users.find((u) => u.id === grant?.user_id);
  if (token === undefined || !user) return { status: 401, body: INVALID_TOKEN_BODY };
  const decision = deps.limiter.take(token);
  if (!decision.allowed) return answer(rateLimited(decision.headers), {});
  let headers = decision.headers;
  try {
    headers = { ...headers, 'X-API-VERSION': apiVersion(req.headers['x-api-version']) };
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(API_PREFIX.length);
    const found = matchOperation(ROUTES.keys(), method, path);
    const served = found ? ROUTES.get(found.key) : undefined;
    if (!found || !served) throw notFound(`No route matches ${method} ${url.pathname}`);
    const check = checkAgainstSpec(method, url.pathname, url.searchParams);
    // A documented parameter the handler does not read would be ignored silently: refused as well.
    const unmodelled = [...new Set(url.searchParams.keys())].find((name) => !COMMON_PARAMS.has(name) && !served.params.includes(name));
    if (deps.specValidation === 'reject' && check.unknownParam !== undefined) {
      throw argumentError(`${check.unknownParam} is not a valid parameter`);
    }
    if (deps.specValidation === 'reject' && unmodelled !== undefined) {
      throw argumentError(`${unmodelled} is a valid parameter that the simulator does not model`);
    }
    let parsed: { value: unknown } | undefined;
    const events: ModelEvent[] = [];
    const ctx: ApiContext = {
      store: deps.store,
      url,
      baseUrl: deps.baseUrl(),
      user,
      method,
      header: (name) => headerOf(req, name),
      json: () => (parsed ??= { value: parseJson(bodyText) }).value,
      emit: (event) => events.push(event),
      hooks: deps.hooks,
    };
    const response = await served.handle(ctx, found.id);
    deps.hooks.dispatch(events);
    return { ...response, headers: { ...headers, ...response.headers } };
  } catch (error) {
    return answer(error, headers);
  }
}

function serveOAuth(deps: ApiDeps, req: IncomingMessage, url: URL, bodyText: string): SimResponse {
  const form = new URLSearchParams(bodyText);
  if (req.headers['content-type']?.includes('application/json')) {
    const json = parseJson(bodyText);
    for (const [key, value] of Object.entries(isRecord(json) ? json : {})) {
      if (typeof value === 'string' || typeof value === 'number') form.set(key, String(value));
    }
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/oauth/authorize') return deps.oauth.authorize(url);
  if (method === 'POST' && url.pathname === '/oauth/token') return deps.oauth.token(form);
  if (method === 'POST' && url.pathname === '/oauth/deauthorize') {
    return deps.oauth.deauthorize(bearer(req) ?? form.get('token') ?? undefined);
  }
  throw notFound(`No route matches ${method} ${url.pathname}`);
}

async function route(deps: ApiDeps, req: IncomingMessage, url: URL, body: Buffer): Promise<SimResponse> {
  try {
    if (url.pathname.startsWith(UPLOAD_PREFIX)) return receiveUpload(deps.store, req.method ?? 'GET', url, (name) => headerOf(req, name), body);
    if (url.pathname.startsWith('/oauth/')) return serveOAuth(deps, req, url, body.toString('utf8'));
    if (url.pathname.startsWith(`${API_PREFIX}/`)) return await serveApi(deps, req, url, body.toString('utf8'));
    throw notFound(`No route matches ${req.method ?? 'GET'} ${url.pathname}`);
  } catch (error) {
    return answer(error, {});
  }
}

/**
 * Serves one request outside `/__sim`: an armed fault first, then a chaos rule (API and upload paths
 * only), then an upload to a `put_url`, OAuth, or the API (bearer auth → per-token rate limit →
 * `X-API-VERSION` → route → spec check → handler).
 */
export async function serve(deps: ApiDeps, req: IncomingMessage, url: URL, body: Buffer): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  const fault = deps.faults.take(method, url.pathname);
  if (fault) return faultResponse(fault, deps.rateLimit);
  const rule = deps.chaos.draw(method, url.pathname);
  if (rule) return fireChaos(rule, deps.chaos, deps.rateLimit, () => route(deps, req, url, body));
  return route(deps, req, url, body);
}
