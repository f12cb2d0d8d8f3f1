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
 * The tenant's Clio budget is spent until its window resets: the event waits in the queue meanwhile. Met before
 * the event's processing began, the delivery is not an attempt (docs/delivery.md).
 */
export class BudgetSpentError extends RetryableError {
  override readonly name = 'BudgetSpentError';
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
