import type { CommunicationDraft } from '../domain/communication.js';
import type { NewContact } from '../domain/contact-creation.js';
import type { ContactCandidate } from '../domain/contact-matching.js';
import type { DocumentParent } from '../domain/documents.js';
import type { MatterSummary } from '../domain/matter-choice.js';
import type { TimeEntryDraft } from '../domain/time-entry.js';
import type { Tenant } from '../domain/tenant.js';

export interface DocumentUpload {
  /** Stored as our external property, so a retry finds the document an earlier attempt uploaded. */
  readonly eventId: string;
  readonly name: string;
  readonly parent: DocumentParent;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly receivedAt: string;
}

/** The models whose changes Clio tells us of by webhook: contacts (phone index) and matters (matter index). */
export type HookModel = 'contact' | 'matter';

/** A matter and its client, as the matter index reads them. */
export interface ClientMatter extends MatterSummary {
  readonly clientId?: number;
}

/** A related party of a matter (one Clio relationship). */
export interface MatterParty {
  readonly matterId: number;
  readonly contactId: number;
}

/** What the processor needs from one tenant's Clio account. */
export interface ClioGateway {
  /** The connected user (the fallback firm user of every event). */
  whoAmI(): Promise<{ id: number; name: string }>;
  /** Clio's contact search: matches the text as stored, so callers search several forms. */
  searchContacts(query: string): Promise<ContactCandidate[]>;
  createContact(contact: NewContact): Promise<ContactCandidate>;
  /** The contact as Clio has it now; undefined when Clio has no such contact (deleted, merged). */
  getContact(id: number): Promise<ContactCandidate | undefined>;
  /**
   * One page of every contact in id order (cursor paging), optionally only those changed since a moment.
   * @param next the `next` of the previous page
   */
  listContacts(page: { readonly next?: string; readonly updatedSince?: string }): Promise<{ contacts: ContactCandidate[]; next?: string }>;
  /** Open and pending matters whose client is the contact, plus matters where the contact is a related party. */
  listMatters(contactId: number): Promise<MatterSummary[]>;
  /**
   * One page of matters in id order with their clients: the open and pending ones, or (with `updatedSince`) every
   * matter changed since then, closed ones included.
   */
  listMatterPage(page: { readonly next?: string; readonly updatedSince?: string }): Promise<{ matters: ClientMatter[]; next?: string }>;
  /** One page of relationships (related parties) in id order, optionally only those changed since a moment. */
  listPartyPage(page: { readonly next?: string; readonly updatedSince?: string }): Promise<{ parties: MatterParty[]; next?: string }>;
  /** The matter as Clio has it now; undefined when Clio has no such matter (deleted). */
  getMatter(id: number): Promise<ClientMatter | undefined>;
  /** The contacts related to the matter (its relationships; the client is not one of them), as many as the matter index keeps. */
  relatedParties(matterId: number): Promise<number[]>;
  /** A Communication written earlier for this event (found by our external property), if any, and the matter it is on. */
  findCommunication(eventId: string): Promise<{ id: number; matterId?: number } | undefined>;
  createCommunication(draft: CommunicationDraft): Promise<number>;
  /** The Communication as Clio has it now (a user may have edited it); undefined when Clio has no such one. */
  getCommunication(id: number): Promise<{ subject: string; body: string } | undefined>;
  updateCommunication(id: number, change: { readonly subject: string; readonly body: string }): Promise<void>;
  /**
   * Files the Communication on another matter; false when Clio no longer has the Communication. A refusal naming the
   * matter (the Communication still there) is thrown as Clio answered it.
   */
  moveCommunication(id: number, matterId: number): Promise<boolean>;
  /** A time entry already linked to the Communication (an earlier attempt's), if any. */
  findTimeEntry(communicationId: number): Promise<number | undefined>;
  createTimeEntry(entry: TimeEntryDraft): Promise<number>;
  /** Subscribes `url` to the model's changes (Clio first POSTs the `X-Hook-Secret` handshake to it). */
  createWebhook(model: HookModel, url: string, expiresAt: string): Promise<{ id: number }>;
  /** Moves a webhook's expiry (Clio allows at most 31 days ahead). */
  renewWebhook(id: number, expiresAt: string): Promise<void>;
  /** A fully uploaded document an earlier attempt wrote for this event, if any. */
  findDocument(eventId: string): Promise<number | undefined>;
  /** Clio's three-step upload (create, PUT to `put_url`, mark fully uploaded); returns the document id. */
  uploadDocument(upload: DocumentUpload): Promise<number>;
}

export interface ClioGateways {
  /** @throws TenantNotConnectedError when the tenant has no Clio tokens. */
  forTenant(tenant: Tenant): Promise<ClioGateway>;
}
