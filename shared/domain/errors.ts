import type * as z from 'zod';

/**
 * The two kinds of failure the processor distinguishes: retryable ones return the record to the queue
 * (and, after the retry budget, the DLQ); permanent ones end as an outcome and are never looped.
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  /** When the other side said how long to wait (Clio's `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * The tenant's Clio budget is spent until its window resets (our pacer found it so, or Clio answered 429): the event
 * waits in the queue meanwhile. Met before the event's processing began, the delivery is not an attempt; met after,
 * the attempt counts in the event's total (it may have written) but not toward its message's dead-lettering
 * (docs/delivery.md#attempts).
 */
export class BudgetSpentError extends RetryableError {
  override readonly name = 'BudgetSpentError';
}

/**
 * A late recording, transcript or voicemail whose call has no outcome yet: the call is still settling, or queued in
 * the other lane. Met before the event's processing began, the delivery waits for the call without counting, for
 * its message's first receives only (docs/delivery.md#attempts).
 */
export class AmendedCallPendingError extends RetryableError {
  override readonly name = 'AmendedCallPendingError';
}

export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  /** Machine-readable reason, recorded on the `failed` outcome. */
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** Input that can never become valid by retrying (a malformed queue message, a bad setting). */
export class ValidationError extends PermanentError {
  override readonly name = 'ValidationError';
}

/** The tenant has no usable Clio connection: the event is parked until it reconnects. */
export class TenantNotConnectedError extends PermanentError {
  override readonly name = 'TenantNotConnectedError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('tenant_not_connected', message, options);
  }
}

/** Clio refused a request for good (4xx other than 401/429): its error type and message are kept. */
export class ClioRejectedError extends PermanentError {
  override readonly name = 'ClioRejectedError';
  readonly status: number;
  /** Clio's error type, e.g. `ValidationError`, `UploadTimeoutError`. */
  readonly type: string;

  constructor(status: number, type: string, message: string) {
    super(`clio_${status}`, `Clio answered ${status} ${type}: ${message}`);
    this.status = status;
    this.type = type;
  }
}

/**
 * Why a request is refused, as its caller is told: the HTTP layer (shared/http/answers.ts) answers each kind with
 * one status, so the use cases never name one.
 */
export type RefusalKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal'
  | 'upstream_unavailable'
  | 'unavailable';

/** A request refused for good, with the machine-readable code and the message its caller is answered with. */
export class RefusedError extends PermanentError {
  override readonly name = 'RefusedError';
  readonly kind: RefusalKind;
  /** When the caller may try again (a rate limit). */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: RefusalKind, code: string, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(code, message, { cause: options.cause });
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A zod failure as an `invalid` refusal naming the first field at fault. */
export const invalidInput = (code: string, error: z.ZodError): RefusedError => {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  const message = issue?.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : `${field || 'body'}: ${issue?.message ?? 'invalid'}`;
  return new RefusedError('invalid', code, message, { cause: error });
};

/** A firm that does not exist (or is being deleted), as every route answers it. */
export const unknownTenant = (tenantId: string): RefusedError => new RefusedError('not_found', 'unknown_tenant', `Tenant '${tenantId}' does not exist`);
