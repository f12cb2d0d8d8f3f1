/**
 * Remembers which provider events were queued, for longer than any provider retries (Vonage: 24 h) — the FIFO
 * queue's own deduplication lasts only 5 minutes. An event is remembered only once the queue has it, so a crash or
 * a timeout between the two leaves nothing behind that would turn the provider's retry away (docs/delivery.md).
 */
export interface DedupStore {
  /** True when the key was remembered within the window: its event is on the queue already. */
  seen(key: string): Promise<boolean>;
  /** Remembers a key whose event the queue has accepted. */
  remember(key: string): Promise<void>;
}
