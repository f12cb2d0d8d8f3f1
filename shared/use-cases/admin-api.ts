// adapter (API Gateway request) --> (use case: route, authorise, act) --> admin actions
import { errorResponse, mediaType } from '../adapters/http/http.js';
import { ValidationError } from '../domain/errors.js';
import { createConsoleAssets, isConsolePath } from '../http/console-assets.js';
import { logger } from '../observability/logger.js';
import type { Tenant } from '../ports/tenant-store.js';
import type { HttpResponse } from '../ports/webhook-provider.js';
import {
  createTenant, json, invalid, listOutcomes, newTenantSchema, patchSettings, putProviderCredential, putRingCentralConnection, putUserMappings, putVonageConnection, putZoomConnection, replayOutcome, rotateAdminKey,
} from './admin-actions.js';
import { clioUsers, clioStatus, listTenants, tenantView } from './console-views.js';
import { authenticate, currentSession, sessionView, signIn, signInSchema, signOut } from './sessions.js';
import { receiveClioHook } from './contact-hooks.js';
import { getSync, postSync } from './sync-api.js';
import { CALLBACK_PATH, clioCallback, CONFIRM_PATH, confirmClioReplacement, connectClio, START_PATH, startClioFlow, disconnectClio, replayByStatus, type ConnectionDeps } from './clio-connection.js';
import { deleteTenant } from './tenant-deletion.js';

export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

interface Context {
  readonly request: AdminRequest;
  readonly params: readonly string[];
  readonly tenant: Tenant;
  readonly body: () => unknown;
}

type TenantAction = (deps: ConnectionDeps, ctx: Context) => Promise<HttpResponse>;

/** Routes under `/v1/tenants/{tenantId}/…`, by method. */
const TENANT_ROUTES: readonly { pattern: RegExp; methods: Readonly<Record<string, TenantAction>> }[] = [
  { pattern: /^\/clio\/status$/, methods: { GET: (deps, { tenant }) => clioStatus(deps, tenant) } },
  { pattern: /^\/clio\/users$/, methods: { GET: (deps, { tenant }) => clioUsers(deps, tenant) } },
  {
    pattern: /^\/settings$/,
    methods: {
      GET: (_deps, { tenant }) => Promise.resolve(json(200, tenant.settings)),
      PATCH: (deps, { tenant, body }) => patchSettings(deps, tenant, body()),
    },
  },
  { pattern: /^\/providers\/ringcentral\/connection$/, methods: { PUT: (deps, { tenant, body }) => putRingCentralConnection(deps, tenant, body()) } },
  { pattern: /^\/providers\/zoom\/connection$/, methods: { PUT: (deps, { tenant, body }) => putZoomConnection(deps, tenant, body()) } },
  { pattern: /^\/providers\/vonage\/connection$/, methods: { PUT: (deps, { tenant, body }) => putVonageConnection(deps, tenant, body()) } },
  { pattern: /^\/providers\/([^/]+)$/, methods: { PUT: (deps, { tenant, params, body }) => putProviderCredential(deps, tenant, params[0] ?? '', body()) } },
  { pattern: /^\/admin-keys$/, methods: { POST: (deps, { tenant }) => rotateAdminKey(deps, tenant) } },
  { pattern: /^\/user-mappings$/, methods: { PUT: (deps, { tenant, body }) => putUserMappings(deps, tenant, body()) } },
  { pattern: /^\/outcomes$/, methods: { GET: (deps, { tenant, request }) => listOutcomes(deps, tenant, request.query) } },
  { pattern: /^\/outcomes\/replay$/, methods: { POST: (deps, { tenant, request }) => replayByStatus(deps, tenant, request.query) } },
  { pattern: /^\/clio\/connect$/, methods: { GET: (deps, { tenant, request }) => connectClio(deps, tenant, request.headers.authorization === undefined ? 'session' : 'key') } },
  { pattern: /^\/clio$/, methods: { DELETE: (deps, { tenant }) => disconnectClio(deps, tenant) } },
  { pattern: /^\/clio\/sync$/, methods: { POST: (deps, { tenant }) => postSync(deps, tenant), GET: (deps, { tenant }) => getSync(deps, tenant) } },
  { pattern: /^\/outcomes\/([^/]+)\/replay$/, methods: { POST: (deps, { tenant, params }) => replayOutcome(deps, tenant, params[0] ?? '') } },
];

const parseJson = (request: AdminRequest): unknown => {
  if (mediaType(request.headers['content-type']) !== 'application/json') throw new ValidationError('unsupported_media_type', 'Content-Type must be application/json');
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('malformed_json', 'Body is not valid JSON', { cause });
  }
};

/** The tenant admin API: create firms, configure them, see and replay what happened to their events. */
export const createAdminApi = (deps: ConnectionDeps, options: { readonly consoleDir?: string } = {}) => {
  const assets = options.consoleDir === undefined ? undefined : createConsoleAssets(options.consoleDir, deps.publicBaseUrl);
  /** `POST /v1/session` signs in, `GET` reads the session, `DELETE` signs out (its CSRF token required). */
  const session = async (request: AdminRequest): Promise<HttpResponse> => {
    if (request.method === 'POST') {
      const body = signInSchema.safeParse(parseJson(request));
      if (!body.success) return invalid('invalid_sign_in', body.error);
      const result = await signIn(deps, body.data.adminKey);
      if (!result.ok) return errorResponse(result.status, result.code, result.message);
      return { ...json(200, sessionView(result.session)), headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'set-cookie': result.cookie } };
    }
    if (request.method !== 'GET' && request.method !== 'DELETE') return errorResponse(405, 'method_not_allowed', 'Use POST to sign in, GET to read the session, DELETE to sign out');
    const found = await currentSession(deps, request.headers.cookie);
    if (!found) return errorResponse(401, 'unauthorized', 'Not signed in');
    if (request.method === 'GET') return { ...json(200, sessionView(found.session)), headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } };
    const auth = await authenticate(deps, request, found.session.tenantId);
    if (!auth.ok) return errorResponse(auth.status, auth.code, auth.message);
    return { statusCode: 204, headers: { 'set-cookie': await signOut(deps, found.hash) }, body: '' };
  };

  const handle = async (request: AdminRequest): Promise<HttpResponse> => {
    if (assets && isConsolePath(request.path)) {
      return request.method === 'GET' ? assets(request.path) : errorResponse(405, 'method_not_allowed', 'Use GET');
    }
    // Clio sends the person's browser here: the signed state, not a key, says which tenant it is for.
    if (request.path === CALLBACK_PATH && request.method === 'GET') return clioCallback(deps, request.query, request.headers.cookie);
    if (request.path === START_PATH && request.method === 'GET') return startClioFlow(deps, request.query, request.headers.cookie);
    if (request.path === CONFIRM_PATH && request.method === 'POST') {
      if (mediaType(request.headers['content-type']) !== 'application/x-www-form-urlencoded') throw new ValidationError('unsupported_media_type', 'Content-Type must be application/x-www-form-urlencoded');
      return confirmClioReplacement(deps, new URLSearchParams(request.body.toString('utf8')), request.headers.cookie);
    }
    // Clio's own webhook: its handshake and HMAC signature, not an admin key, authenticate it.
    const hook = /^\/v1\/tenants\/([a-z0-9-]{1,64})\/clio\/hooks\/([A-Za-z0-9_-]{16,64})$/.exec(request.path);
    if (hook && request.method === 'POST') {
      return receiveClioHook(deps, hook[1] ?? '', hook[2] ?? '', { method: request.method, path: request.path, rawQuery: request.query.toString(), headers: request.headers, body: request.body });
    }
    if (request.path === '/v1/session') return session(request);
    if (request.path === '/v1/tenants') {
      if (request.method !== 'POST' && request.method !== 'GET') return errorResponse(405, 'method_not_allowed', 'Use POST to create a tenant, GET to list them');
      const auth = await authenticate(deps, request, undefined);
      if (!auth.ok) return errorResponse(auth.status, auth.code, auth.message);
      if (auth.caller.role !== 'operator') return errorResponse(403, 'forbidden', request.method === 'GET' ? 'Only the operator may list tenants' : 'Only the operator may create tenants');
      if (request.method === 'GET') return listTenants(deps);
      const body = newTenantSchema.safeParse(parseJson(request));
      return body.success ? createTenant(deps, body.data) : invalid('invalid_tenant', body.error);
    }
    const whole = /^\/v1\/tenants\/([a-z0-9-]{1,64})$/.exec(request.path);
    if (whole) {
      if (request.method !== 'DELETE' && request.method !== 'GET') return errorResponse(405, 'method_not_allowed', 'Use GET to read a tenant, DELETE to delete it');
      const tenantId = whole[1] ?? '';
      const auth = await authenticate(deps, request, tenantId);
      if (!auth.ok) return errorResponse(auth.status, auth.code, auth.message);
      if (request.method === 'GET') {
        const tenant = await deps.tenants.get(tenantId);
        return tenant ? json(200, tenantView(deps, tenant)) : errorResponse(404, 'unknown_tenant', `Tenant '${tenantId}' does not exist`);
      }
      // A tenant's own key may not delete it: deletion is final, and the operator answers for it.
      if (auth.caller.role !== 'operator') return errorResponse(403, 'forbidden', 'Only the operator may delete a tenant');
      const deletion = await deps.tenants.beginDeletion(tenantId, deps.clock.now());
      return deletion ? deleteTenant(deps, deletion) : errorResponse(404, 'unknown_tenant', `Tenant '${tenantId}' does not exist`);
    }
    const match = /^\/v1\/tenants\/([a-z0-9-]{1,64})(\/.*)$/.exec(request.path);
    const route = match ? TENANT_ROUTES.find((r) => r.pattern.test(match[2] ?? '')) : undefined;
    if (!match || !route) return errorResponse(404, 'not_found', `No route for ${request.method} ${request.path}`);
    const action = Object.hasOwn(route.methods, request.method) ? route.methods[request.method] : undefined;
    if (!action) return errorResponse(405, 'method_not_allowed', `Use ${Object.keys(route.methods).join(' or ')}`);
    const tenantId = match[1] ?? '';
    const auth = await authenticate(deps, request, tenantId);
    if (!auth.ok) return errorResponse(auth.status, auth.code, auth.message);
    const tenant = await deps.tenants.get(tenantId);
    if (!tenant) return errorResponse(404, 'unknown_tenant', `Tenant '${tenantId}' does not exist`);
    const params = route.pattern.exec(match[2] ?? '')?.slice(1) ?? [];
    return action(deps, { request, params, tenant, body: () => parseJson(request) });
  };

  return async (request: AdminRequest): Promise<HttpResponse> => {
    try {
      return await handle(request);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      logger.warn('Admin request refused', { code: error.code, path: request.path });
      return errorResponse(error.code === 'unsupported_media_type' ? 415 : 400, error.code, error.message);
    }
  };
};
