import type { TenantPurge } from './tenant-purge.js';

/**
 * Remembers which provider events were queued, for longer than any provider retries (Vonage: 24 h) — the FIFO
 * queue's own deduplication lasts only 5 minutes. An event is remembered only once the queue has it, so a crash or
 * a timeout between the two leaves nothing behind that would turn the provider's retry away (docs/delivery.md).
 */
export interface DedupStore extends TenantPurge {
  /** True when the key was remembered within the window: its event is on the queue already. */
  seen(key: string): Promise<boolean>;
  /** Remembers a key whose event the queue has accepted, under its tenant (so that a tenant's purge finds it). */
  remember(key: string, tenantId: string): Promise<void>;
}
