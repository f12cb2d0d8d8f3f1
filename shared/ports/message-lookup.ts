import type { CanonicalEvent, Direction, EventStatus } from '../domain/canonical-event.js';

/** A message as the phone system keeps it. */
export interface StoredMessage {
  readonly text?: string;
  readonly from?: string;
  readonly to?: string;
  /** Where a callback left the direction unknown (a RingCentral message-store change names only the message id). */
  readonly direction?: Exclude<Direction, 'internal'>;
  readonly status?: EventStatus;
  /** The sender's caller ID name, of an inbound message. */
  readonly callerIdName?: string;
  /** When the message was created, as the provider says. */
  readonly occurredAt?: string;
}

/** Reads the provider's own copy of a message whose callback left out its text, parties or direction. */
export interface MessageLookup {
  /**
   * @returns the message, or undefined when the event's provider keeps no copy we can read
   * @throws RetryableError when the provider could not answer for now (no answer, 5xx, 429); another error when it
   * never will (no connection, credentials refused, no such message)
   */
  find(event: CanonicalEvent): Promise<StoredMessage | undefined>;
}
