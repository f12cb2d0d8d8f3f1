import type { ContactCandidate } from '../domain/contact-matching.js';

/** A Clio contact webhook delivery: only a signal, the contact is read back unless it is the one indexed. */
export type ContactHookDelivery =
  | { readonly event: 'upsert'; readonly contact: ContactCandidate }
  | { readonly event: 'deleted'; readonly contactId: number }
  | { readonly event: 'other'; readonly name: string };

/** The matter as a delivery describes it: enough to tell a version the index already holds. */
export interface DeliveredMatter {
  readonly status?: string;
  readonly updatedAt?: string;
  readonly clientId?: number;
}

/** A Clio matter webhook delivery: which matter changed, and how. Only a signal: the matter is read back. */
export type MatterHookDelivery =
  | { readonly event: 'changed'; readonly matterId: number; readonly delivered: DeliveredMatter }
  | { readonly event: 'deleted'; readonly matterId: number }
  | { readonly event: 'other'; readonly name: string };

/** Reads Clio's webhook deliveries: their signature, then their body. */
export interface ClioHookReader {
  /** `X-Hook-Signature` over the raw body, with the secret of the registration's handshake. */
  validSignature(body: Buffer, signature: string | undefined, secret: string): boolean;
  /** @throws ValidationError `malformed_payload` */
  contact(body: Buffer): ContactHookDelivery;
  /** @throws ValidationError `malformed_payload` */
  matter(body: Buffer): MatterHookDelivery;
}
