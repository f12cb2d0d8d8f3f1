import { z } from 'zod';
import type { SimResponse } from './http.js';
import { ApiError, INVALID_TOKEN_BODY } from './http.js';

/** The API version Clio answers with when a request does not pin one. */
const DEFAULT_API_VERSION = '4.0.13';

/** Checks `X-API-VERSION` (`4.0.N`); returns the version to echo. @throws ApiError 410 Gone */
export function apiVersion(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return DEFAULT_API_VERSION;
  if (!/^4\.0\.\d+$/.test(value)) {
    throw ApiError.of(410, 'Gone', `API version ${value} is invalid or no longer supported`);
  }
  return value;
}

/** Fixed-window limit per access token. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/** The outcome of counting one request. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const RATE_LIMITED_MESSAGE = 'Rate limit exceeded. Retry after the number of seconds in the Retry-After header.';

/** A 429 in Clio's shape. */
export function rateLimited(headers: Record<string, string>): ApiError {
  return new ApiError(429, { error: { type: 'RateLimited', message: RATE_LIMITED_MESSAGE } }, headers);
}

/** Clio's per-token fixed window: `X-RateLimit-*` on every response, 429 + `Retry-After` past the limit. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  public constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request made with `token`. */
  public take(token: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(token);
    if (!window || now >= window.start + this.options.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(token, window);
    }
    window.count += 1;
    const end = window.start + this.options.windowMs;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.options.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.options.limit - window.count)),
      'X-RateLimit-Reset': String(Math.ceil(end / 1000)),
    };
    const allowed = window.count <= this.options.limit;
    if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((end - now) / 1000)));
    return { allowed, headers };
  }

  /** Forgets every window. */
  public reset(): void {
    this.windows.clear();
  }
}

/**
 * Body of `POST /__sim/faults`: the next `times` matching requests answer `status` instead. Any 4xx/5xx
 * is allowed; `errorType`/`message` set the `{"error":{type,message}}` body (e.g. 422 `UploadTimeoutError`).
 */
export const faultSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/'),
  status: z
    .number()
    .int()
    .refine((s) => s >= 400 && s <= 599, 'status must be 4xx or 5xx'),
  times: z.number().int().positive().default(1),
  retryAfterSeconds: z.number().int().min(0).optional(),
  errorType: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
});

/** An injected fault. */
export type Fault = z.output<typeof faultSchema>;

/** Queue of injected faults, consumed in order of arrival. */
export class FaultQueue {
  private faults: Fault[] = [];

  /** Adds a fault. */
  public add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Removes every fault. */
  public clear(): void {
    this.faults = [];
  }

  /** The faults still armed. */
  public list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Consumes one use of the first fault matching this request, if any. */
  public take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.path === path && (!f.method || f.method.toUpperCase() === method));
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

const DEFAULT_TYPES: Readonly<Record<number, string>> = {
  400: 'ArgumentError',
  403: 'ForbiddenError',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  422: 'ValidationError',
  503: 'ServiceUnavailable',
};
const KNOWN_MESSAGES: Readonly<Record<string, string>> = {
  UploadTimeoutError: 'A timeout occurred verifying the remote file. Please try the request again.',
};

/** The response an injected fault produces. */
export function faultResponse(fault: Fault, limit: number): SimResponse {
  if (fault.status === 429) {
    const retryAfter = fault.retryAfterSeconds ?? 1;
    const error = rateLimited({
      'Retry-After': String(retryAfter),
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + retryAfter),
    });
    return { status: error.status, body: error.body, headers: error.headers };
  }
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  if (fault.status === 401 && fault.errorType === undefined) return { status: 401, headers, body: INVALID_TOKEN_BODY };
  const type = fault.errorType ?? DEFAULT_TYPES[fault.status] ?? (fault.status >= 500 ? 'InternalServerError' : 'ArgumentError');
  const message = fault.message ?? KNOWN_MESSAGES[type] ?? `Injected fault: HTTP ${fault.status}`;
  return { status: fault.status, headers, body: { error: { type, message } } };
}
