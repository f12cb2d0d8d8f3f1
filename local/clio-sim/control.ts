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

/**
 * The control endpoints for tests: `GET /__sim/state`, `POST /__sim/reset`, `POST /__sim/seed`,
 * `POST|DELETE /__sim/faults`, `GET|POST|DELETE /__sim/chaos` (seeded random faults; reset restores the
 * startup rules).
 */
export function serveControl(deps: ApiDeps, method: string, path: string, bodyText: string): SimResponse {
  switch (`${method} ${path.slice(CONTROL_PREFIX.length)}`) {
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
    case 'DELETE /faults':
      deps.faults.clear();
      return { status: 204 };
    default:
      throw notFound(`No control endpoint ${method} ${path}`);
  }
}
