/**
 * Remembers which provider events were accepted, for longer than any provider retries (Vonage: 24 h) —
 * the FIFO queue's own deduplication lasts only 5 minutes.
 */
export interface DedupStore {
  /** True the first time a key is claimed within the window; false for a duplicate. */
  claim(key: string): Promise<boolean>;
  /** Forgets a claim whose event could not be queued, so the provider's retry is accepted. */
  release(key: string): Promise<void>;
}
