import type { Outcome, OutcomeStatus } from '../domain/outcome.js';
import type { TenantPurge } from './tenant-purge.js';

export interface OutcomeQuery {
  readonly status?: OutcomeStatus;
  readonly reason?: string;
  /** ISO date-time: only outcomes recorded at or after it. */
  readonly since?: string;
  readonly limit: number;
  /** Opaque, from the previous page. */
  readonly cursor?: string;
}

export interface OutcomePage {
  readonly items: readonly Outcome[];
  readonly nextCursor?: string;
}

/** Why an event's last attempt failed and will be retried (what an operator sees for it in the DLQ). */
export interface RetryNote {
  readonly attempt: number;
  readonly error: string;
  readonly at: string;
}

/** A tenant's purge removes its outcomes and the retry notes beside them. */
export interface OutcomeLog extends TenantPurge {
  get(tenantId: string, eventId: string): Promise<Outcome | undefined>;
  /** Records the outcome; never replaces a `logged` one (an event reaches Clio once). */
  record(outcome: Outcome): Promise<void>;
  /** Newest first. @throws ValidationError for a cursor that is not ours */
  list(tenantId: string, query: OutcomeQuery): Promise<OutcomePage>;
  noteRetry(tenantId: string, eventId: string, note: RetryNote): Promise<void>;
  lastRetry(tenantId: string, eventId: string): Promise<RetryNote | undefined>;
}
