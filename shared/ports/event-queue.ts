import type { CanonicalEvent } from '../domain/canonical-event.js';

export interface EventQueue {
  /** Queues the event in its tenant + external number group, deduplicated on the provider event key. */
  enqueue(event: CanonicalEvent): Promise<void>;
  /** Makes a received message visible again after `seconds` (Clio's Retry-After), instead of waiting in the Lambda. */
  retryAfter(receiptHandle: string, seconds: number): Promise<void>;
}
