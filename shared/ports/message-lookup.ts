import type { CanonicalEvent } from '../domain/canonical-event.js';

/** A message as the phone system keeps it. */
export interface StoredMessage {
  readonly text?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Reads the provider's own copy of a message whose status callback left out its text or recipient. */
export interface MessageLookup {
  /**
   * @returns the message, or undefined when the event's provider keeps no copy we can read
   * @throws when the provider was asked and could not answer
   */
  find(event: CanonicalEvent): Promise<StoredMessage | undefined>;
}
