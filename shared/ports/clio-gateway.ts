import type { CommunicationDraft } from '../domain/communication.js';
import type { NewContact } from '../domain/contact-creation.js';
import type { ContactCandidate } from '../domain/contact-matching.js';
import type { MatterSummary } from '../domain/matter-choice.js';
import type { Tenant } from './tenant-store.js';

/** What the processor needs from one tenant's Clio account. */
export interface ClioGateway {
  /** The connected user (the fallback firm user of every event). */
  whoAmI(): Promise<{ id: number; name: string }>;
  /** Clio's contact search: matches the text as stored, so callers search several forms. */
  searchContacts(query: string): Promise<ContactCandidate[]>;
  createContact(contact: NewContact): Promise<ContactCandidate>;
  /** Open and pending matters whose client is the contact. */
  listClientMatters(contactId: number): Promise<MatterSummary[]>;
  /** A Communication written earlier for this event (found by our external property), if any. */
  findCommunication(eventId: string): Promise<number | undefined>;
  createCommunication(draft: CommunicationDraft): Promise<number>;
}

export interface ClioGatewayProvider {
  /** @throws TenantNotConnectedError when the tenant has no Clio tokens. */
  forTenant(tenant: Tenant): Promise<ClioGateway>;
}
