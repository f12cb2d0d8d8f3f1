// adapter (admin API request under /v1/tenants/{tenantId}/…) --> (use cases: admin actions, views, Clio connection, sync)
import { ValidationError } from '../domain/errors.js';
import type { HttpResponse } from '../domain/http-response.js';
import { mediaType } from '../domain/media-type.js';
import { ok, type Reply } from '../domain/reply.js';
import type { Tenant } from '../domain/tenant.js';
import {
  listOutcomes,
  patchSettings,
  putProviderCredential,
  putRingCentralConnection,
  putUserMappings,
  putVonageConnection,
  putZoomConnection,
  replayOutcome,
  rotateAdminKey,
} from '../use-cases/admin-actions.js';
import { connectClio, disconnectClio, replayByStatus, type ConnectionDeps } from '../use-cases/clio-connection.js';
import { clioStatus, clioUsers } from '../use-cases/console-views.js';
import { getSync, postSync } from '../use-cases/sync-api.js';
import { json, replyResponse } from './answers.js';
import { setBinding } from './oauth-pages.js';
import type { TenantRouteId } from './routes.js';

export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** A request to one of a firm's routes, once its caller may reach the firm. */
export interface TenantContext {
  readonly request: AdminRequest;
  /** The path's parameters (`{provider}`, `{eventId}`), as they stand in it. */
  readonly params: Readonly<Record<string, string>>;
  readonly tenant: Tenant;
}

/** The JSON body of a request that must carry one. */
export const parseJson = (request: AdminRequest): unknown => {
  if (mediaType(request.headers['content-type']) !== 'application/json')
    throw new ValidationError('unsupported_media_type', 'Content-Type must be application/json');
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (cause) {
    throw new ValidationError('malformed_json', 'Body is not valid JSON', { cause });
  }
};

type TenantHandler = (deps: ConnectionDeps, ctx: TenantContext) => Promise<HttpResponse>;

const replying =
  (act: (deps: ConnectionDeps, ctx: TenantContext) => Promise<Reply>): TenantHandler =>
  async (deps, ctx) =>
    replyResponse(await act(deps, ctx));

/** One handler per route of `TENANT_ROUTES`: a route without one does not compile. */
export const TENANT_HANDLERS: Readonly<Record<TenantRouteId, TenantHandler>> = {
  clioStatus: replying((deps, { tenant }) => clioStatus(deps, tenant)),
  clioUsers: replying((deps, { tenant }) => clioUsers(deps, tenant)),
  getSettings: replying((_deps, { tenant }) => Promise.resolve(ok(tenant.settings))),
  patchSettings: replying((deps, { tenant, request }) => patchSettings(deps, tenant, parseJson(request))),
  ringCentralConnection: replying((deps, { tenant, request }) => putRingCentralConnection(deps, tenant, parseJson(request))),
  zoomConnection: replying((deps, { tenant, request }) => putZoomConnection(deps, tenant, parseJson(request))),
  vonageConnection: replying((deps, { tenant, request }) => putVonageConnection(deps, tenant, parseJson(request))),
  providerCredential: replying((deps, { tenant, params, request }) => putProviderCredential(deps, tenant, params.provider ?? '', parseJson(request))),
  rotateAdminKey: replying((deps, { tenant }) => rotateAdminKey(deps, tenant)),
  userMappings: replying((deps, { tenant, request }) => putUserMappings(deps, tenant, parseJson(request))),
  listOutcomes: replying((deps, { tenant, request }) => listOutcomes(deps, tenant, request.query)),
  replayByStatus: replying((deps, { tenant, request }) => replayByStatus(deps, tenant, request.query)),
  // From the console (no key: its session) the browser is bound to the flow by a cookie; with a key, by the start link.
  connectClio: async (deps, { tenant, request }) => {
    const flow = await connectClio(deps, tenant, request.headers.authorization === undefined ? 'session' : 'key');
    return json(
      302,
      { authorizeUrl: flow.authorizeUrl },
      { location: flow.authorizeUrl, ...(flow.binding === undefined ? {} : { 'set-cookie': setBinding(deps.publicBaseUrl, flow.binding) }) },
    );
  },
  disconnectClio: replying((deps, { tenant }) => disconnectClio(deps, tenant)),
  startSync: replying((deps, { tenant }) => postSync(deps, tenant)),
  syncProgress: replying((deps, { tenant }) => getSync(deps, tenant)),
  replayOutcome: replying((deps, { tenant, params }) => replayOutcome(deps, tenant, params.eventId ?? '')),
};
