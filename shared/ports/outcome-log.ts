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

/** How many deliveries of an event began its processing (docs/delivery.md#attempts). */
export interface AttemptCount {
  /** The event's attempts, whatever message carried them: past the first, an earlier one may have written to Clio. */
  readonly attempt: number;
  /** The attempts of the message delivering it now: a redriven or replayed event comes in a new message. */
  readonly ofMessage: number;
}

/** A tenant's purge removes its outcomes and the retry notes beside them. */
export interface OutcomeLog extends TenantPurge {
  get(tenantId: string, eventId: string): Promise<Outcome | undefined>;
  /** Records the outcome; never replaces a `logged` one (an event reaches Clio once). */
  record(outcome: Outcome): Promise<void>;
  /** Newest first. @throws ValidationError for a cursor that is not ours */
  list(tenantId: string, query: OutcomeQuery): Promise<OutcomePage>;
  /** Counts one more attempt of the event, delivered by the queue message `messageId`, atomically. */
  countAttempt(tenantId: string, eventId: string, messageId: string): Promise<AttemptCount>;
  /**
   * Gives message `messageId` back an attempt that its firm's Clio budget cut short: the event keeps it in its total
   * (it may have written to Clio), the message does not spend its allowance waiting for a window.
   */
  returnAttempt(tenantId: string, eventId: string, messageId: string): Promise<void>;
  /** Keeps why the last attempt failed, beside the attempt counts. */
  noteRetry(tenantId: string, eventId: string, note: RetryNote): Promise<void>;
  lastRetry(tenantId: string, eventId: string): Promise<RetryNote | undefined>;
}
