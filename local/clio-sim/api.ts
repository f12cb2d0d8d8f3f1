import type { IncomingMessage } from 'node:http';
import { createCommunication, listCommunications, showCommunication } from './communications.js';
import { createContact, listContacts, showContact } from './contacts.js';
import type { ApiContext } from './context.js';
import type { FaultQueue, RateLimiter } from './gate.js';
import { apiVersion, faultResponse, rateLimited } from './gate.js';
import type { SimResponse } from './http.js';
import { ApiError, isRecord, notFound, parseJson } from './http.js';
import { listMatters, listUsers, showMatter, showUser, whoAmI } from './matters-users.js';
import type { OAuthService } from './oauth.js';
import { INVALID_TOKEN_BODY } from './oauth.js';
import type { SimStore } from './store.js';

/** What the request pipeline needs; one instance per simulator. */
export interface ApiDeps {
  store: SimStore;
  oauth: OAuthService;
  limiter: RateLimiter;
  faults: FaultQueue;
  rateLimit: number;
  baseUrl: () => string;
}

type Handler = (ctx: ApiContext, id: number) => SimResponse;
interface Route { method: string; pattern: RegExp; handle: Handler }

const API_PREFIX = '/api/v4';
// `.json` is optional, as in Clio's own examples (`/api/v4/activities?fields=…`).
const path = (resource: string): RegExp => new RegExp(`^/${resource}(?:\\.json)?$`);
const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: path('users/who_am_i'), handle: whoAmI },
  { method: 'GET', pattern: path('users'), handle: listUsers },
  { method: 'GET', pattern: path('users/(\\d+)'), handle: showUser },
  { method: 'GET', pattern: path('contacts'), handle: listContacts },
  { method: 'POST', pattern: path('contacts'), handle: createContact },
  { method: 'GET', pattern: path('contacts/(\\d+)'), handle: showContact },
  { method: 'GET', pattern: path('communications'), handle: listCommunications },
  { method: 'POST', pattern: path('communications'), handle: createCommunication },
  { method: 'GET', pattern: path('communications/(\\d+)'), handle: showCommunication },
  { method: 'GET', pattern: path('matters'), handle: listMatters },
  { method: 'GET', pattern: path('matters/(\\d+)'), handle: showMatter },
];

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function route(method: string, resourcePath: string): { handle: Handler; id: number } {
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(resourcePath);
    if (match && candidate.method === method) return { handle: candidate.handle, id: Number(match[1] ?? 0) };
  }
  throw notFound(`No route matches ${method} ${API_PREFIX}${resourcePath}`);
}

function answer(error: unknown, headers: Record<string, string>): SimResponse {
  if (!(error instanceof ApiError)) throw error;
  return { status: error.status, body: error.body, headers: { ...headers, ...error.headers } };
}

function serveApi(deps: ApiDeps, req: IncomingMessage, url: URL, bodyText: string): SimResponse {
  const token = bearer(req);
  const grant = token === undefined ? undefined : deps.oauth.tokenFor(token);
  const user = deps.store.data.users.find((u) => u.id === grant?.user_id);
  if (token === undefined || !user) return { status: 401, body: INVALID_TOKEN_BODY };
  const decision = deps.limiter.take(token);
  if (!decision.allowed) return answer(rateLimited(decision.headers), {});
  let headers = decision.headers;
  try {
    headers = { ...headers, 'X-API-VERSION': apiVersion(req.headers['x-api-version']) };
    const found = route(req.method ?? 'GET', url.pathname.slice(API_PREFIX.length));
    let parsed: { value: unknown } | undefined;
    const ctx: ApiContext = {
      store: deps.store,
      url,
      baseUrl: deps.baseUrl(),
      user,
      json: () => (parsed ??= { value: parseJson(bodyText) }).value,
    };
    const response = found.handle(ctx, found.id);
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

/**
 * Serves one Clio request (everything outside `/__sim`): an armed fault first, then OAuth or the
 * API (bearer auth → per-token rate limit → `X-API-VERSION` → route).
 */
export function serve(deps: ApiDeps, req: IncomingMessage, url: URL, bodyText: string): SimResponse {
  const fault = deps.faults.take(req.method ?? 'GET', url.pathname);
  if (fault) return faultResponse(fault, deps.rateLimit);
  try {
    if (url.pathname.startsWith('/oauth/')) return serveOAuth(deps, req, url, bodyText);
    if (url.pathname.startsWith(`${API_PREFIX}/`)) return serveApi(deps, req, url, bodyText);
    throw notFound(`No route matches ${req.method ?? 'GET'} ${url.pathname}`);
  } catch (error) {
    return answer(error, {});
  }
}
