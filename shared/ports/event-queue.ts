import type { CanonicalEvent } from '../domain/canonical-event.js';

export interface EventQueue {
  /**
   * Queues the event in its tenant + external number group, deduplicated on the provider event key.
   * A replay (asked for by an admin) is never deduplicated and may replace an earlier outcome other than `logged`.
   */
  enqueue(event: CanonicalEvent, options?: { readonly replay?: boolean }): Promise<void>;
  /** Makes a received message visible again after `seconds` (Clio's Retry-After), instead of waiting in the Lambda. */
  retryAfter(receiptHandle: string, seconds: number): Promise<void>;
}
