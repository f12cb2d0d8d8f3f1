import type { CanonicalEvent } from '../domain/canonical-event.js';
import type { Lane } from '../domain/fairness.js';

export interface EventQueue {
  /**
   * Queues the event in its tenant + external number group, deduplicated on the provider event key.
   * A replay (asked for by an admin) is never deduplicated and may replace an earlier outcome other than `logged`.
   * The lane is the tenant's at the time (docs/fairness.md); the main lane unless said otherwise.
   */
  enqueue(event: CanonicalEvent, options?: { readonly replay?: boolean; readonly lane?: Lane }): Promise<void>;
  /**
   * Makes a received message visible again after `seconds` (Clio's Retry-After), instead of waiting in the Lambda.
   * `source` is the ARN of the queue it came from (the record's `eventSourceARN`); the main queue when unknown.
   */
  retryAfter(receiptHandle: string, seconds: number, source?: string): Promise<void>;
  /** Moves a received message, as it came, to the dead-letter queue (the caller then lets the record succeed). */
  deadLetter(message: ReceivedMessage): Promise<void>;
}

/** A message as the processor received it. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  /** Its string message attributes (correlation id, event id, replay). */
  readonly attributes: Readonly<Record<string, string>>;
}
