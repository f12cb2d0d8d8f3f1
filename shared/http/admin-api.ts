// adapter (API Gateway request) --> (router: the route table, authorise, one handler per route) --> use cases
import { invalidInput, RefusedError, unknownTenant, ValidationError } from '../domain/errors.js';
import type { HttpResponse } from '../domain/http-response.js';
import { mediaType } from '../domain/media-type.js';
import { logger } from '../observability/logger.js';
import { createTenant, newTenantSchema } from '../use-cases/admin-actions.js';
import { clioCallback, confirmClioReplacement, startClioFlow, type ConnectionDeps } from '../use-cases/clio-connection.js';
import { listTenants, tenantView } from '../use-cases/console-views.js';
import { receiveClioHook } from '../use-cases/contact-hooks.js';
import { authenticate, currentSession, SESSION_TTL_SECONDS, sessionView, signIn, signInSchema, signOut, type Credentials } from '../use-cases/sessions.js';
import { deleteTenant } from '../use-cases/tenant-deletion.js';
import { ok } from '../domain/reply.js';
import { json, refusalResponse, replyResponse } from './answers.js';
import { createConsoleAssets, isConsolePath } from './console-assets.js';
import { clearCookie, CSRF_HEADER, OAUTH_COOKIE, readCookie, SESSION_COOKIE, setCookie } from './cookies.js';
import { flowResponse } from './oauth-pages.js';
import { ADMIN_ROUTES, TENANT_ROUTES, type AdminRouteId } from './routes.js';
import { parseJson, TENANT_HANDLERS, type AdminRequest } from './tenant-handlers.js';

export type { AdminRequest } from './tenant-handlers.js';

/** What a path parameter may be: anything else matches no route (a 3 KB tenant id would exceed a DynamoDB key). */
const PARAM_SHAPES: Readonly<Record<string, string>> = { tenantId: '[a-z0-9-]{1,64}', token: '[A-Za-z0-9_-]{16,64}' };

/** A path template (`/v1/tenants/{tenantId}/{proxy+}`) as a pattern whose named groups are its parameters. */
const compile = (template: string, prefix = ''): RegExp =>
  new RegExp(
    `^${prefix}${template.replace(/\{([\w]+\+?)\}/g, (_, name: string) => {
      const group = name.replace('+', '');
      return name === 'proxy+' ? `(?<${group}>.+)` : `(?<${group}>${PARAM_SHAPES[name] ?? '[^/]+'})`;
    })}$`,
  );

const ROUTES = ADMIN_ROUTES.map((route) => ({ ...route, pattern: compile(route.path) }));
const FIRM_ROUTES = TENANT_ROUTES.map((route) => ({ ...route, pattern: compile(route.path) }));

const notFound = (request: AdminRequest) => new RefusedError('not_found', 'not_found', `No route for ${request.method} ${request.path}`);
const refuseUnless = (auth: Awaited<ReturnType<typeof authenticate>>) => {
  if (!auth.ok) throw new RefusedError(auth.kind, auth.code, auth.message);
  return auth.caller;
};

type Params = Readonly<Record<string, string>>;
type AdminHandler = (request: AdminRequest, params: Params) => Promise<HttpResponse>;

/** The tenant admin API: create firms, configure them, see and replay what happened to their events. */
export const createAdminApi = (deps: ConnectionDeps, options: { readonly consoleDir?: string } = {}) => {
  const cookie = (request: AdminRequest, name: string) => readCookie(request.headers.cookie, name, deps.publicBaseUrl);
  const credentials = (request: AdminRequest): Credentials => ({
    method: request.method,
    authorization: request.headers.authorization,
    sessionId: cookie(request, SESSION_COOKIE),
    csrfToken: request.headers[CSRF_HEADER],
  });
  const browser = (request: AdminRequest) => ({ sessionId: cookie(request, SESSION_COOKIE), binding: cookie(request, OAUTH_COOKIE) });
  const assets = options.consoleDir === undefined ? undefined : createConsoleAssets(options.consoleDir, deps.publicBaseUrl);
  const consoleFile: AdminHandler = (request) => {
    if (!assets || !isConsolePath(request.path)) throw notFound(request);
    return assets(request.path);
  };

  /** One handler per route of `ADMIN_ROUTES`: a route without one does not compile. */
  const handlers: Readonly<Record<AdminRouteId, AdminHandler>> = {
    consolePage: consoleFile,
    consoleAsset: consoleFile,
    // Clio sends the person's browser here: the signed state, not a key, says which tenant it is for.
    oauthCallback: async (request) => flowResponse(deps.publicBaseUrl, await clioCallback(deps, request.query, browser(request))),
    oauthStart: async (request) => flowResponse(deps.publicBaseUrl, await startClioFlow(deps, request.query, browser(request))),
    oauthConfirm: async (request) => {
      if (mediaType(request.headers['content-type']) !== 'application/x-www-form-urlencoded')
        throw new ValidationError('unsupported_media_type', 'Content-Type must be application/x-www-form-urlencoded');
      return flowResponse(deps.publicBaseUrl, await confirmClioReplacement(deps, new URLSearchParams(request.body.toString('utf8')), browser(request)));
    },
    // Clio's own webhook: its handshake and HMAC signature, not an admin key, authenticate it.
    clioHook: async (request, params) => {
      const receipt = await receiveClioHook(deps, params.tenantId ?? '', params.token ?? '', {
        method: request.method,
        path: request.path,
        rawQuery: request.query.toString(),
        headers: request.headers,
        body: request.body,
      });
      return json(200, {}, receipt.type === 'handshake' ? { 'x-hook-secret': receipt.secret } : {});
    },
    /** `POST /v1/session` signs in, `GET` reads the session, `DELETE` signs out (its CSRF token required). */
    session: async (request) => {
      if (request.method === 'POST') {
        const body = signInSchema.safeParse(parseJson(request));
        if (!body.success) throw invalidInput('invalid_sign_in', body.error);
        const result = await signIn(deps, body.data.adminKey);
        if (!result.ok) throw new RefusedError(result.kind, result.code, result.message);
        const session = setCookie(SESSION_COOKIE, result.id, deps.publicBaseUrl, { maxAgeSeconds: SESSION_TTL_SECONDS, sameSite: 'Strict' });
        return json(200, sessionView(result.session), { 'cache-control': 'no-store', 'set-cookie': session });
      }
      if (request.method !== 'GET' && request.method !== 'DELETE')
        throw new RefusedError('method_not_allowed', 'method_not_allowed', 'Use POST to sign in, GET to read the session, DELETE to sign out');
      const found = await currentSession(deps, cookie(request, SESSION_COOKIE));
      if (!found) throw new RefusedError('unauthenticated', 'unauthorized', 'Not signed in');
      if (request.method === 'GET') return json(200, sessionView(found.session), { 'cache-control': 'no-store' });
      refuseUnless(await authenticate(deps, credentials(request), found.session.tenantId));
      await signOut(deps, found.hash);
      return { statusCode: 204, headers: { 'set-cookie': clearCookie(SESSION_COOKIE, deps.publicBaseUrl, 'Strict') }, body: '' };
    },
    tenants: async (request) => {
      if (request.method !== 'POST' && request.method !== 'GET')
        throw new RefusedError('method_not_allowed', 'method_not_allowed', 'Use POST to create a tenant, GET to list them');
      const caller = refuseUnless(await authenticate(deps, credentials(request), undefined));
      if (caller.role !== 'operator')
        throw new RefusedError(
          'forbidden',
          'forbidden',
          request.method === 'GET' ? 'Only the operator may list tenants' : 'Only the operator may create tenants',
        );
      if (request.method === 'GET') return replyResponse(await listTenants(deps));
      const body = newTenantSchema.safeParse(parseJson(request));
      if (!body.success) throw invalidInput('invalid_tenant', body.error);
      return replyResponse(await createTenant(deps, body.data));
    },
    tenant: async (request, params) => {
      if (request.method !== 'DELETE' && request.method !== 'GET')
        throw new RefusedError('method_not_allowed', 'method_not_allowed', 'Use GET to read a tenant, DELETE to delete it');
      const tenantId = params.tenantId ?? '';
      const caller = refuseUnless(await authenticate(deps, credentials(request), tenantId));
      if (request.method === 'GET') {
        const tenant = await deps.tenants.get(tenantId);
        if (!tenant) throw unknownTenant(tenantId);
        return replyResponse(ok(tenantView(deps, tenant)));
      }
      // A tenant's own key may not delete it: deletion is final, and the operator answers for it.
      if (caller.role !== 'operator') throw new RefusedError('forbidden', 'forbidden', 'Only the operator may delete a tenant');
      const deletion = await deps.tenants.beginDeletion(tenantId, deps.clock.now());
      if (!deletion) throw unknownTenant(tenantId);
      return replyResponse(await deleteTenant(deps, deletion));
    },
    tenantRoutes: async (request, params) => {
      const rest = `/${params.proxy ?? ''}`;
      const matches = FIRM_ROUTES.filter((route) => route.pattern.test(rest));
      const first = matches[0];
      if (!first) throw notFound(request);
      // Each path's methods, as the first path the request matches has them.
      const same = matches.filter((route) => route.path === first.path);
      const route = same.find((r) => r.method === request.method);
      if (!route) throw new RefusedError('method_not_allowed', 'method_not_allowed', `Use ${same.map((r) => r.method).join(' or ')}`);
      const tenantId = params.tenantId ?? '';
      refuseUnless(await authenticate(deps, credentials(request), tenantId));
      const tenant = await deps.tenants.get(tenantId);
      if (!tenant) throw unknownTenant(tenantId);
      return TENANT_HANDLERS[route.id](deps, { request, tenant, params: { ...route.pattern.exec(rest)?.groups } });
    },
  };

  const handle = (request: AdminRequest): Promise<HttpResponse> => {
    for (const route of ROUTES) {
      const match = route.pattern.exec(request.path);
      if (match && (route.method === 'ANY' || route.method === request.method)) return handlers[route.id](request, { ...match.groups });
    }
    throw notFound(request);
  };

  return async (request: AdminRequest): Promise<HttpResponse> => {
    try {
      return await handle(request);
    } catch (error) {
      const refused = refusalResponse(error);
      if (!refused) throw error;
      if (error instanceof ValidationError) logger.warn('Admin request refused', { code: error.code, path: request.path });
      return refused;
    }
  };
};
