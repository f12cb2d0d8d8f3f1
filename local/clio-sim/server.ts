import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiDeps, SpecValidationMode } from './api.js';
import { serve } from './api.js';
import type { ChaosConfig, ChaosReport } from './chaos.js';
import { ChaosMonkey } from './chaos.js';
import { CONTROL_PREFIX, serveControl } from './control.js';
import type { RateLimitOptions } from './gate.js';
import { FaultQueue, RateLimiter } from './gate.js';
import type { SimResponse } from './http.js';
import { ApiError, readBytes, send } from './http.js';
import { OAuthService } from './oauth.js';
import { checkAgainstSpec } from './spec.js';
import { SimStore } from './store.js';
import type { ClioSimSeed, ClioSimState } from './types.js';
import { clioSimSeedSchema } from './types.js';
import type { WebhookDeliveryOptions } from './webhook-delivery.js';
import { WebhookDispatcher } from './webhook-delivery.js';

export { clioSimSeedSchema } from './types.js';
export type { ChaosKind, ClioSimSeed, ClioSimState, SimCommunication, SimContact, SimMatter, SimRequestLogEntry, SimToken, SimUser } from './types.js';
export type {
  SimActivity,
  SimDocument,
  SimDocumentVersion,
  SimFolder,
  SimRelationship,
  SimWebhook,
  SimWebhookDelivery,
  WebhookModel,
} from './types-records.js';
export type { Fault } from './gate.js';
export type { ChaosConfig, ChaosReport, ChaosRule } from './chaos.js';
export type { SpecValidationMode } from './api.js';
export type { WebhookDeliveryOptions } from './webhook-delivery.js';

/** Request headers copied into the request log when present. */
const LOGGED_HEADERS = ['x-api-version', 'if-match', 'if-none-match', 'if-modified-since', 'content-type', 'x-hook-secret'];

/** How to start the simulator. */
export interface ClioSimOptions {
  /** TCP port. @default 0 (an ephemeral port) */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Initial data, validated with {@link clioSimSeedSchema}; `POST /__sim/reset` restores it. */
  seed?: ClioSimSeed;
  /** Fixed window per access token. @default { limit: 50, windowMs: 60_000 } */
  rateLimit?: RateLimitOptions;
  /** Artificial delay before each API/OAuth response (not control endpoints). @default 0 */
  latencyMs?: number;
  /**
   * Query parameters the spec does not list for the operation: `reject` answers 400 ArgumentError
   * `"<param> is not a valid parameter"`; `record` serves the request. Either way the request log says
   * `validated: false`. @default 'reject'
   */
  specValidation?: SpecValidationMode;
  /** Webhook delivery retries and timeouts. */
  webhooks?: WebhookDeliveryOptions;
  /** Seeded random faults on API paths (as `POST /__sim/chaos`); `POST /__sim/reset` restores them. */
  chaos?: ChaosConfig;
}

/** A running simulator. */
export interface ClioSim {
  /** Origin without trailing slash, e.g. `http://127.0.0.1:43123`; the API is at `${url}/api/v4`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Closes the server and its open connections. */
  stop(): Promise<void>;
  /** A deep copy of the current state, including the request log. */
  state(): ClioSimState;
  /** Resolves once every queued webhook delivery (retries included) has finished. */
  webhooksSettled(): Promise<void>;
  /** The bytes uploaded for a document's latest uploaded version, if any. */
  documentContent(documentId: number): Buffer | undefined;
  /** Replaces the chaos rules and re-seeds the PRNG (as `POST /__sim/chaos`). @throws ZodError on a bad config */
  setChaos(config: ChaosConfig): ChaosReport;
  /** Removes every chaos rule (as `DELETE /__sim/chaos`). */
  clearChaos(): void;
  /** The chaos rules and how often each fired (as `GET /__sim/chaos`). */
  chaosReport(): ChaosReport;
}

const errorResponse = (error: unknown): SimResponse => {
  if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
  const message = error instanceof Error ? error.message : 'unexpected error';
  return { status: 500, body: { error: { type: 'InternalServerError', message } } };
};

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function handle(deps: ApiDeps, latencyMs: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', deps.baseUrl());
  const isControl = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
  let response: SimResponse;
  try {
    const body = await readBytes(req);
    if (isControl) {
      send(res, serveControl(deps, method, url.pathname, body.toString('utf8')));
      return;
    }
    response = await serve(deps, req, url, body);
  } catch (error) {
    response = errorResponse(error);
  }
  if (!isControl) {
    deps.store.data.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: response.status,
      headers: loggedHeaders(req),
      validated: checkAgainstSpec(method, url.pathname, url.searchParams).validated,
      ...(response.chaos === undefined ? {} : { chaos: response.chaos }),
    });
    if (latencyMs > 0) await delay(latencyMs);
  }
  send(res, response);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts an in-process Clio Manage API v4 simulator (node:http, no framework).
 * @example
 * const sim = await startClioSimulator({ seed, rateLimit: { limit: 3, windowMs: 60_000 } });
 * await fetch(`${sim.url}/api/v4/users/who_am_i.json`, { headers: { Authorization: 'Bearer …' } });
 * await sim.stop();
 */
export async function startClioSimulator(options: ClioSimOptions = {}): Promise<ClioSim> {
  const store = new SimStore(clioSimSeedSchema.parse(options.seed ?? {}));
  const rateLimit = options.rateLimit ?? { limit: 50, windowMs: 60_000 };
  let baseUrl = 'http://127.0.0.1';
  const deps: ApiDeps = {
    store,
    oauth: new OAuthService(store),
    limiter: new RateLimiter(rateLimit),
    faults: new FaultQueue(),
    chaos: new ChaosMonkey(options.chaos),
    hooks: new WebhookDispatcher(store, options.webhooks),
    rateLimit: rateLimit.limit,
    specValidation: options.specValidation ?? 'reject',
    baseUrl: () => baseUrl,
  };
  const latencyMs = options.latencyMs ?? 0;
  const server = createServer((req, res) => {
    handle(deps, latencyMs, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorResponse(error));
    });
  });
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${address.port}`;
  return {
    url: baseUrl,
    port: address.port,
    state: () => store.snapshot(),
    webhooksSettled: () => deps.hooks.settled(),
    documentContent: (documentId) => {
      const versions = store.data.documents.find((d) => d.id === documentId)?.versions ?? [];
      const version = versions.filter((v) => store.uploads.has(v.uuid)).at(-1);
      return version ? store.uploads.get(version.uuid) : undefined;
    },
    setChaos: (config) => {
      deps.chaos.set(config);
      return deps.chaos.report();
    },
    clearChaos: () => deps.chaos.clear(),
    chaosReport: () => deps.chaos.report(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        deps.hooks.reset();
        deps.chaos.abortPending();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
