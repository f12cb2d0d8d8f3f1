/**
 * The one mapper from what a use case did or refused to an HTTP answer. Every error answer of the API is
 * `{ "error": { "code", "message" } }` with the status of its refusal's kind.
 */
import { RefusedError, ValidationError, type RefusalKind } from '../domain/errors.js';
import type { HttpResponse } from '../domain/http-response.js';
import type { Reply } from '../domain/reply.js';

const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  upstream_unavailable: 502,
  unavailable: 503,
};

const REPLY_STATUS = { ok: 200, created: 201, accepted: 202 } as const;

/**
 * What every JSON answer carries: its type, never sniffed as anything else, and never kept by a browser or a proxy
 * (answers hold a firm's settings, outcomes and the console's CSRF token).
 */
const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export const json = (statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = {}): HttpResponse => ({
  statusCode,
  headers: { ...headers, ...JSON_HEADERS },
  body: JSON.stringify(body),
});

/** A use case's result: its status, and its body as JSON (none for `done`). */
export const replyResponse = (reply: Reply, headers: Readonly<Record<string, string>> = {}): HttpResponse =>
  reply.result === 'done' ? { statusCode: 204, headers, body: '' } : json(REPLY_STATUS[reply.result], reply.body, headers);

/** A refusal's answer; undefined for any other error, which is no answer of ours but a failure (a 500 of Lambda's). */
export const refusalResponse = (error: unknown): HttpResponse | undefined => {
  if (error instanceof RefusedError) {
    const retry: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
    return json(REFUSAL_STATUS[error.kind], { error: { code: error.code, message: error.message } }, retry);
  }
  // Input no retry makes valid: a body of the wrong type is 415, anything else 400.
  if (error instanceof ValidationError)
    return json(error.code === 'unsupported_media_type' ? 415 : 400, { error: { code: error.code, message: error.message } });
  return undefined;
};
