import type { ZodError } from 'zod';
import type { ApiDeps } from './api.js';
import { chaosConfigSchema } from './chaos.js';
import { faultSchema } from './gate.js';
import type { SimResponse } from './http.js';
import { ApiError, notFound, parseJson } from './http.js';
import { clioSimSeedSchema } from './types.js';

/** Prefix of the test-only control endpoints (no auth, no rate limit, not logged). */
export const CONTROL_PREFIX = '/__sim';

const invalidBody = (error: ZodError): ApiError =>
  ApiError.of(400, 'ArgumentError', error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));

/** `GET /__sim/documents/{id}/content`: the bytes of the document's latest uploaded version. */
function documentContent(deps: ApiDeps, id: number): SimResponse {
  const document = deps.store.data.documents.find((d) => d.id === id);
  const version = document?.versions.filter((v) => deps.store.uploads.has(v.uuid)).at(-1);
  const bytes = version ? deps.store.uploads.get(version.uuid) : undefined;
  if (!version || !bytes) throw notFound(`Document ${id} has no uploaded content`);
  return { status: 200, raw: bytes, headers: { 'content-type': version.content_type } };
}

/**
 * The control endpoints for tests:
 * `GET /__sim/state`, `POST /__sim/reset`, `POST /__sim/seed`, `GET|POST|DELETE /__sim/faults`,
 * `GET|POST|DELETE /__sim/chaos` (seeded random faults; reset restores the startup rules),
 * `GET /__sim/documents/{id}/content` (uploaded bytes), `POST /__sim/webhooks/settle` (waits for every
 * queued webhook delivery, then answers the delivery log).
 */
export async function serveControl(deps: ApiDeps, method: string, path: string, bodyText: string): Promise<SimResponse> {
  const key = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  const content = /^GET \/documents\/(\d+)\/content$/.exec(key);
  if (content) return documentContent(deps, Number(content[1]));
  switch (key) {
    case 'GET /state':
      return { status: 200, body: deps.store.snapshot() };
    case 'POST /reset':
      deps.store.reset();
      deps.oauth.reset();
      deps.limiter.reset();
      deps.faults.clear();
      deps.chaos.reset();
      deps.hooks.reset();
      return { status: 200, body: { ok: true } };
    case 'POST /seed': {
      const seed = clioSimSeedSchema.safeParse(parseJson(bodyText));
      if (!seed.success) throw invalidBody(seed.error);
      deps.store.apply(seed.data);
      return { status: 200, body: { ok: true } };
    }
    case 'GET /faults':
      return { status: 200, body: { data: deps.faults.list() } };
    case 'POST /faults': {
      const fault = faultSchema.safeParse(parseJson(bodyText));
      if (!fault.success) throw invalidBody(fault.error);
      deps.faults.add(fault.data);
      return { status: 201, body: { data: deps.faults.list() } };
    }
    case 'GET /chaos':
      return { status: 200, body: { data: deps.chaos.report() } };
    case 'POST /chaos': {
      const config = chaosConfigSchema.safeParse(parseJson(bodyText));
      if (!config.success) throw invalidBody(config.error);
      deps.chaos.set(config.data);
      return { status: 201, body: { data: deps.chaos.report() } };
    }
    case 'DELETE /chaos':
      deps.chaos.clear();
      return { status: 204 };
    case 'POST /webhooks/settle':
      await deps.hooks.settled();
      return { status: 200, body: { data: deps.store.snapshot().webhookDeliveries } };
    case 'DELETE /faults':
      deps.faults.clear();
      return { status: 204 };
    default:
      throw notFound(`No control endpoint ${method} ${path}`);
  }
}
