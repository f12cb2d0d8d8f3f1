import type { ZodError } from 'zod';
import type { ApiDeps } from './api.js';
import { faultSchema } from './gate.js';
import type { SimResponse } from './http.js';
import { ApiError, notFound, parseJson } from './http.js';
import { clioSimSeedSchema } from './types.js';

/** Prefix of the test-only control endpoints (no auth, no rate limit, not logged). */
export const CONTROL_PREFIX = '/__sim';

const invalidBody = (error: ZodError): ApiError =>
  ApiError.of(400, 'ArgumentError', error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));

/**
 * The control endpoints for tests:
 * `GET /__sim/state`, `POST /__sim/reset`, `POST /__sim/seed`, `GET|POST|DELETE /__sim/faults`.
 */
export function serveControl(deps: ApiDeps, method: string, path: string, bodyText: string): SimResponse {
  const key = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  switch (key) {
    case 'GET /state':
      return { status: 200, body: deps.store.snapshot() };
    case 'POST /reset':
      deps.store.reset();
      deps.oauth.reset();
      deps.limiter.reset();
      deps.faults.clear();
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
    case 'DELETE /faults':
      deps.faults.clear();
      return { status: 204 };
    default:
      throw notFound(`No control endpoint ${method} ${path}`);
  }
}
