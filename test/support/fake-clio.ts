import type { CommunicationDraft } from '../../shared/domain/communication.js';
import type { NewContact } from '../../shared/domain/contact-creation.js';
import type { ContactCandidate } from '../../shared/domain/contact-matching.js';
import type { MatterSummary } from '../../shared/domain/matter-choice.js';
import type { TimeEntryDraft } from '../../shared/domain/time-entry.js';
import type { ClioGateway, ClioGateways, DocumentUpload } from '../../shared/ports/clio-gateway.js';

/** Every write the pipeline made, in order. */
export type ClioWrite =
  | { readonly kind: 'contact'; readonly contact: NewContact }
  | { readonly kind: 'communication'; readonly draft: CommunicationDraft }
  | { readonly kind: 'communication_update'; readonly id: number; readonly body: string }
  | { readonly kind: 'communication_move'; readonly id: number; readonly matterId: number }
  | { readonly kind: 'time_entry'; readonly entry: TimeEntryDraft }
  | { readonly kind: 'document'; readonly upload: Omit<DocumentUpload, 'bytes'>; readonly bytes: number };

/**
 * An in-memory Clio for the pipeline's unit tests: search by exact stored text (as Clio does), matters per
 * contact, and a log of every write. The HTTP gateway itself is tested against the simulator.
 */
export class FakeClio implements ClioGateway {
  readonly writes: ClioWrite[] = [];
  readonly searches: string[] = [];
  #nextId = 5000;

  constructor(
    private readonly contacts: ContactCandidate[] = [],
    private readonly matters: Readonly<Record<number, MatterSummary[]>> = {},
  ) {}

  whoAmI() {
    return Promise.resolve({ id: 345, name: 'Alex Lawyer' });
  }
  searchContacts(query: string) {
    this.searches.push(query);
    return Promise.resolve(this.contacts.filter((c) => c.phoneNumbers.some((n) => n.includes(query))));
  }
  getContact(id: number) {
    return Promise.resolve(this.contacts.find((c) => c.id === id));
  }
  createContact(contact: NewContact) {
    this.writes.push({ kind: 'contact', contact });
    const created = { id: this.#nextId++, name: `${contact.firstName} ${contact.lastName}`.trim(), isClient: false, phoneNumbers: [contact.phone.number] };
    this.contacts.push(created);
    return Promise.resolve(created);
  }
  listContacts() {
    return Promise.resolve({ contacts: [...this.contacts] });
  }
  listMatters(contactId: number) {
    return Promise.resolve(this.matters[contactId] ?? []);
  }
  findCommunication(eventId: string) {
    const found = this.writes.find((w) => w.kind === 'communication' && w.draft.eventId === eventId);
    if (found?.kind !== 'communication') return Promise.resolve(undefined);
    const id = 1 + this.writes.indexOf(found);
    const moved = this.writes.flatMap((w) => (w.kind === 'communication_move' && w.id === id ? [w.matterId] : [])).at(-1) ?? found.draft.matterId;
    return Promise.resolve({ id, ...(moved === undefined ? {} : { matterId: moved }) });
  }
  createCommunication(draft: CommunicationDraft) {
    this.writes.push({ kind: 'communication', draft });
    return Promise.resolve(this.writes.length);
  }
  getCommunication(id: number) {
    const created = this.writes[id - 1];
    if (created?.kind !== 'communication') return Promise.resolve(undefined);
    const updates = this.writes.flatMap((w) => (w.kind === 'communication_update' && w.id === id ? [w.body] : []));
    return Promise.resolve({ subject: created.draft.subject, body: updates.at(-1) ?? created.draft.body });
  }
  updateCommunication(id: number, change: { subject: string; body: string }) {
    this.writes.push({ kind: 'communication_update', id, body: change.body });
    return Promise.resolve();
  }
  moveCommunication(id: number, matterId: number) {
    if (this.writes[id - 1]?.kind !== 'communication') return Promise.resolve(false);
    this.writes.push({ kind: 'communication_move', id, matterId });
    return Promise.resolve(true);
  }
  findTimeEntry(communicationId: number) {
    const found = this.writes.find((w) => w.kind === 'time_entry' && w.entry.communicationId === communicationId);
    return Promise.resolve(found ? 9000 : undefined);
  }
  createTimeEntry(entry: TimeEntryDraft) {
    this.writes.push({ kind: 'time_entry', entry });
    return Promise.resolve(this.#nextId++);
  }
  getMatter(id: number) {
    return Promise.resolve(
      Object.values(this.matters)
        .flat()
        .find((m) => m.id === id),
    );
  }
  relatedParties() {
    return Promise.resolve([]);
  }
  listMatterPage() {
    return Promise.reject(new Error('the matter sync is tested against the simulator'));
  }
  listPartyPage() {
    return Promise.reject(new Error('the matter sync is tested against the simulator'));
  }
  createWebhook() {
    return Promise.reject(new Error('webhooks are tested against the simulator'));
  }
  renewWebhook() {
    return Promise.reject(new Error('webhooks are tested against the simulator'));
  }
  findDocument(eventId: string) {
    const found = this.writes.find((w) => w.kind === 'document' && w.upload.eventId === eventId);
    return Promise.resolve(found ? 7000 : undefined);
  }
  uploadDocument({ bytes, ...upload }: DocumentUpload) {
    this.writes.push({ kind: 'document', upload, bytes: bytes.byteLength });
    return Promise.resolve(this.#nextId++);
  }
  provider(): ClioGateways {
    return { forTenant: () => Promise.resolve(this) };
  }
}
