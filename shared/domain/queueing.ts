import { createHash } from 'node:crypto';
import { eventIdOf, type CanonicalEvent } from './canonical-event.js';

/**
 * Events of one tenant and one external number are processed in order, one at a time, so two events
 * from a new number never create two contacts (docs/product.md#in-order-per-number).
 */
export const messageGroupOf = (event: CanonicalEvent): string => `${event.tenantId}#${event.external.e164 ?? 'unidentified'}`.slice(0, 128);

/** The FIFO deduplication id: the tenant and the provider event key, hashed to fit SQS's 128 characters. */
export const deduplicationIdOf = (event: CanonicalEvent): string =>
  createHash('sha256')
    .update(`${event.tenantId}|${eventIdOf(event)}`)
    .digest('hex');
