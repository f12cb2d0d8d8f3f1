/**
 * Every route of the public HTTP API, in one table: API Gateway's routes (infra/constructs/public-api.construct.ts)
 * and the local server's (local/stack.ts) are made from it, so the two cannot drift apart.
 */

/** How a route's caller is authenticated (always by the function behind it: API Gateway checks no key). */
export type RouteAuth =
  /** The provider's signature over the raw body (HMAC, Ed25519, verification token). */
  | 'provider-signature'
  /** `Authorization: Bearer <admin key>`, or the console's session cookie and, for a change, its CSRF token. */
  | 'admin'
  /** An admin key in the body, exchanged for a session (and the session itself to read or end it). */
  | 'sign-in'
  /** A state or token we signed and keep single-use, and the browser's binding cookie. */
  | 'oauth-flow'
  /** The random per-registration token in the path and Clio's handshake signature. */
  | 'clio-hook'
  /** Public: the console's page, script and style (no data). */
  | 'public';

/** Which throttle of the environment's configuration a route takes (infra/config). */
export type RouteThrottleClass = 'webhook' | 'admin' | 'clioCallback' | 'clioHooks';

export interface ApiRoute {
  /** The route's name: the admin router has one handler per id (shared/http/admin-api.ts). */
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'ANY';
  /** API Gateway's path template: `{name}` one segment, `{name+}` the rest. */
  readonly path: string;
  readonly handler: 'ingest' | 'admin';
  readonly auth: RouteAuth;
  readonly throttle: RouteThrottleClass;
  /** Why the gateway lets it through unauthenticated (cdk-nag's AwsSolutions-APIG4). */
  readonly why: string;
}

const ADMIN_WHY =
  'Admin requests are authenticated by the admin function with a per-tenant API key or a console session made with one, either reaching only its own tenant; API Gateway has no per-tenant key check for HTTP APIs.';
const FLOW_WHY =
  "Clio redirects the user's browser here after consent; the admin function accepts only a state it issued (single use, short-lived) in the browser it bound the flow to, before exchanging the code.";

/** The webhook route of each provider: `{provider}` is spelled out per provider at the gateway. */
export const WEBHOOK_ROUTE_PATH = '/v1/tenants/{tenantId}/webhooks/{provider}';
export const WEBHOOK_WHY =
  "Provider webhooks cannot carry AWS credentials or our tokens; the ingest function verifies each provider's signature (HMAC / Ed25519 / verification token) on the raw body before anything else.";

/** The admin function's routes, most specific first. */
export const ADMIN_ROUTES = [
  { id: 'tenants', method: 'ANY', path: '/v1/tenants', handler: 'admin', auth: 'admin', throttle: 'admin', why: ADMIN_WHY },
  { id: 'tenant', method: 'ANY', path: '/v1/tenants/{tenantId}', handler: 'admin', auth: 'admin', throttle: 'admin', why: ADMIN_WHY },
  {
    id: 'clioHook',
    method: 'POST',
    path: '/v1/tenants/{tenantId}/clio/hooks/{token}',
    handler: 'admin',
    auth: 'clio-hook',
    throttle: 'clioHooks',
    why: 'Clio cannot sign in to call a webhook; the admin function accepts only the random per-registration token in the path, one handshake, and reads every contact or matter back from Clio before it changes anything.',
  },
  { id: 'tenantRoutes', method: 'ANY', path: '/v1/tenants/{tenantId}/{proxy+}', handler: 'admin', auth: 'admin', throttle: 'admin', why: ADMIN_WHY },
  {
    id: 'session',
    method: 'ANY',
    path: '/v1/session',
    handler: 'admin',
    auth: 'sign-in',
    throttle: 'admin',
    why: 'Signing in is how a console gets credentials: the admin function checks the admin key in the body (by hash, in constant time) and the session cookie after that.',
  },
  { id: 'oauthCallback', method: 'GET', path: '/v1/oauth/clio/callback', handler: 'admin', auth: 'oauth-flow', throttle: 'clioCallback', why: FLOW_WHY },
  {
    id: 'oauthStart',
    method: 'GET',
    path: '/v1/oauth/clio/start',
    handler: 'admin',
    auth: 'oauth-flow',
    throttle: 'clioCallback',
    why: 'The start link of a connection begun with an admin key is opened in a browser; the admin function accepts only a link it signed, once, and binds that browser to the flow.',
  },
  {
    id: 'oauthConfirm',
    method: 'POST',
    path: '/v1/oauth/clio/confirm',
    handler: 'admin',
    auth: 'oauth-flow',
    throttle: 'clioCallback',
    why: "A person confirms replacing the connected Clio user in the browser the flow is bound to; the admin function requires the signed single-use token of the form and that browser's binding cookie.",
  },
  {
    id: 'consolePage',
    method: 'GET',
    path: '/',
    handler: 'admin',
    auth: 'public',
    throttle: 'admin',
    why: "The admin console's page: public and static; everything it shows comes from the admin API after sign-in.",
  },
  {
    id: 'consoleAsset',
    method: 'GET',
    path: '/console/{file}',
    handler: 'admin',
    auth: 'public',
    throttle: 'admin',
    why: "The admin console's script and style: public, static, and the same for every firm; they carry no data.",
  },
] as const satisfies readonly ApiRoute[];

export type AdminRouteId = (typeof ADMIN_ROUTES)[number]['id'];

/** A firm's own routes, behind `/v1/tenants/{tenantId}/{proxy+}`: an admin key or a session of the firm (or the operator). */
export interface TenantRoute {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `/v1/tenants/{tenantId}`; `{name}` is one segment. */
  readonly path: string;
}

export const TENANT_ROUTES = [
  { id: 'clioStatus', method: 'GET', path: '/clio/status' },
  { id: 'clioUsers', method: 'GET', path: '/clio/users' },
  { id: 'getSettings', method: 'GET', path: '/settings' },
  { id: 'patchSettings', method: 'PATCH', path: '/settings' },
  { id: 'ringCentralConnection', method: 'PUT', path: '/providers/ringcentral/connection' },
  { id: 'zoomConnection', method: 'PUT', path: '/providers/zoom/connection' },
  { id: 'vonageConnection', method: 'PUT', path: '/providers/vonage/connection' },
  { id: 'providerCredential', method: 'PUT', path: '/providers/{provider}' },
  { id: 'rotateAdminKey', method: 'POST', path: '/admin-keys' },
  { id: 'userMappings', method: 'PUT', path: '/user-mappings' },
  { id: 'listOutcomes', method: 'GET', path: '/outcomes' },
  { id: 'replayByStatus', method: 'POST', path: '/outcomes/replay' },
  { id: 'connectClio', method: 'GET', path: '/clio/connect' },
  { id: 'disconnectClio', method: 'DELETE', path: '/clio' },
  { id: 'startSync', method: 'POST', path: '/clio/sync' },
  { id: 'syncProgress', method: 'GET', path: '/clio/sync' },
  { id: 'replayOutcome', method: 'POST', path: '/outcomes/{eventId}/replay' },
] as const satisfies readonly TenantRoute[];

export type TenantRouteId = (typeof TENANT_ROUTES)[number]['id'];
