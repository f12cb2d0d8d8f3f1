import { EXTERNAL_ID_PROPERTY, type CommunicationDraft } from '../../domain/communication.js';
import type { NewContact } from '../../domain/contact-creation.js';
import type { ContactCandidate } from '../../domain/contact-matching.js';
import { ClioRejectedError, TenantNotConnectedError } from '../../domain/errors.js';
import type { MatterSummary } from '../../domain/matter-choice.js';
import type { TimeEntryDraft } from '../../domain/time-entry.js';
import type { ClientMatter, ClioGateway, ClioGateways, DocumentUpload, HookModel, MatterParty } from '../../ports/clio-gateway.js';
import { MAX_MATTER_PARTIES } from '../../ports/matter-index.js';
import type { SecretStore } from '../../ports/secret-store.js';
import type { Tenant } from '../../domain/tenant.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { uploadDocument } from './clio-documents.js';
import { ClioClient, type RateLimitHeaders } from './clio.client.js';
import type { RatePacer } from './rate-pacer.js';
import { clioBaseUrl } from './regions.js';
import { isExpiring, type TokenRefresher } from './token-refresher.js';

const CONTACT_FIELDS = 'id,name,is_client,updated_at,phone_numbers{id,number}';
/** What matter choice needs, and the client: never a description or a number. */
const MATTER_FIELDS = 'id,status,open_date,updated_at,client{id}';
const PARTY_FIELDS = 'id,contact{id},matter{id}';
/** What a webhook delivery carries: only a signal, the matter or contact is read back (`updated_at` changes on every change). */
const HOOK_FIELDS: Readonly<Record<HookModel, string>> = { contact: CONTACT_FIELDS, matter: 'id,status,updated_at,client{id}' };
const HOOK_EVENTS: Readonly<Record<HookModel, readonly string[]>> = {
  contact: ['created', 'updated', 'deleted'],
  matter: ['created', 'updated', 'deleted', 'matter_opened', 'matter_pended', 'matter_closed'],
};

interface ClioContact {
  id: number;
  name: string;
  is_client?: boolean;
  updated_at?: string;
  phone_numbers?: { number?: string | null }[];
}
interface ClioMatter {
  id: number;
  status: string;
  open_date?: string | null;
  updated_at?: string;
  client?: { id: number } | null;
}
interface ClioRelationship {
  contact?: { id: number } | null;
  matter?: { id: number } | null;
}

const toCandidate = (c: ClioContact): ContactCandidate => ({
  id: c.id,
  name: c.name,
  isClient: c.is_client ?? false,
  ...(c.updated_at ? { updatedAt: c.updated_at } : {}),
  phoneNumbers: (c.phone_numbers ?? []).flatMap((p) => (p.number ? [p.number] : [])),
});

const toMatter = (m: ClioMatter): MatterSummary => ({
  id: m.id,
  status: m.status,
  ...(m.updated_at ? { updatedAt: m.updated_at } : {}),
  ...(m.open_date ? { openDate: m.open_date } : {}),
});

const toClientMatter = (m: ClioMatter): ClientMatter => ({ ...toMatter(m), ...(m.client ? { clientId: m.client.id } : {}) });

const toParty = (r: ClioRelationship): MatterParty[] => (r.contact && r.matter ? [{ matterId: r.matter.id, contactId: r.contact.id }] : []);

/** The processor's view of one tenant's Clio account, over {@link ClioClient}. */
export class ClioHttpGateway implements ClioGateway {
  readonly #client: ClioClient;
  readonly #whoAmI: () => Promise<{ id: number; name: string }>;

  constructor(client: ClioClient, whoAmI: () => Promise<{ id: number; name: string }>) {
    this.#client = client;
    this.#whoAmI = whoAmI;
  }

  whoAmI(): Promise<{ id: number; name: string }> {
    return this.#whoAmI();
  }

  async searchContacts(query: string): Promise<ContactCandidate[]> {
    const found = await this.#client.get<ClioContact[]>('contacts.json', { query, fields: CONTACT_FIELDS, limit: 50 });
    return found.map(toCandidate);
  }

  async getContact(id: number): Promise<ContactCandidate | undefined> {
    try {
      return toCandidate(await this.#client.get<ClioContact>(`contacts/${id}.json`, { fields: CONTACT_FIELDS }));
    } catch (error) {
      if (error instanceof ClioRejectedError && error.status === 404) return undefined;
      throw error;
    }
  }

  async createContact(contact: NewContact): Promise<ContactCandidate> {
    const created = await this.#client.post<ClioContact>(
      'contacts.json',
      { fields: CONTACT_FIELDS },
      {
        type: 'Person',
        first_name: contact.firstName,
        last_name: contact.lastName,
        phone_numbers: [{ name: contact.phone.label, number: contact.phone.number, default_number: contact.phone.isDefault }],
      },
    );
    return toCandidate(created);
  }

  async listContacts(page: { next?: string; updatedSince?: string }): Promise<{ contacts: ContactCandidate[]; next?: string }> {
    const query = { order: 'id(asc)', limit: 200, fields: CONTACT_FIELDS, updated_since: page.updatedSince };
    const { data, next } = await this.#client.page<ClioContact>('contacts.json', query, page.next);
    return { contacts: data.map(toCandidate), ...(next ? { next } : {}) };
  }

  async listMatters(contactId: number): Promise<MatterSummary[]> {
    const [clientMatters, relationships] = await Promise.all([
      this.#client.get<ClioMatter[]>('matters.json', { client_id: contactId, status: 'open,pending', fields: MATTER_FIELDS }),
      this.#client.get<{ matter?: ClioMatter | null }[]>('relationships.json', { contact_id: contactId, fields: 'id,matter{id,status,open_date,updated_at}' }),
    ]);
    const related = relationships.flatMap((r) => (r.matter ? [r.matter] : []));
    return [...clientMatters, ...related].map(toMatter);
  }

  async listMatterPage(page: { next?: string; updatedSince?: string }): Promise<{ matters: ClientMatter[]; next?: string }> {
    // A full read wants the open and pending ones; an increment every status, to see matters closed since.
    const query = {
      order: 'id(asc)',
      limit: 200,
      fields: MATTER_FIELDS,
      ...(page.updatedSince ? { updated_since: page.updatedSince } : { status: 'open,pending' }),
    };
    const { data, next } = await this.#client.page<ClioMatter>('matters.json', query, page.next);
    return { matters: data.map(toClientMatter), ...(next ? { next } : {}) };
  }

  async listPartyPage(page: { next?: string; updatedSince?: string }): Promise<{ parties: MatterParty[]; next?: string }> {
    const query = { limit: 200, fields: PARTY_FIELDS, updated_since: page.updatedSince };
    const { data, next } = await this.#client.page<ClioRelationship>('relationships.json', query, page.next);
    return { parties: data.flatMap(toParty), ...(next ? { next } : {}) };
  }

  async getMatter(id: number): Promise<ClientMatter | undefined> {
    try {
      return toClientMatter(await this.#client.get<ClioMatter>(`matters/${id}.json`, { fields: MATTER_FIELDS }));
    } catch (error) {
      if (error instanceof ClioRejectedError && error.status === 404) return undefined;
      throw error;
    }
  }

  async relatedParties(matterId: number): Promise<number[]> {
    const parties: number[] = [];
    let next: string | undefined;
    // No more pages than the index keeps parties: a matter with endless relationships costs a bounded read.
    do {
      const page = await this.#client.page<ClioRelationship>('relationships.json', { matter_id: matterId, limit: 200, fields: PARTY_FIELDS }, next);
      parties.push(...page.data.flatMap(toParty).map((p) => p.contactId));
      next = page.next;
    } while (next && parties.length < MAX_MATTER_PARTIES);
    return parties;
  }

  async findCommunication(eventId: string): Promise<{ id: number; matterId?: number } | undefined> {
    const found = await this.#client.get<{ id: number; matter?: { id: number } | null }[]>('communications.json', {
      external_property_name: EXTERNAL_ID_PROPERTY,
      external_property_value: eventId,
      fields: 'id,matter{id}',
      limit: 1,
    });
    const [first] = found;
    return first ? { id: first.id, ...(first.matter ? { matterId: first.matter.id } : {}) } : undefined;
  }

  async createCommunication(draft: CommunicationDraft): Promise<number> {
    const created = await this.#client.post<{ id: number }>(
      'communications.json',
      { fields: 'id' },
      {
        type: 'PhoneCommunication',
        subject: draft.subject,
        body: draft.body,
        received_at: draft.receivedAt,
        senders: draft.senders,
        receivers: draft.receivers,
        ...(draft.matterId === undefined ? {} : { matter: { id: draft.matterId } }),
        external_properties: [{ name: EXTERNAL_ID_PROPERTY, value: draft.eventId }],
      },
    );
    return created.id;
  }

  async getCommunication(id: number): Promise<{ subject: string; body: string } | undefined> {
    try {
      const found = await this.#client.get<{ subject?: string | null; body?: string | null }>(`communications/${id}.json`, { fields: 'subject,body' });
      return { subject: found.subject ?? '', body: found.body ?? '' };
    } catch (error) {
      if (error instanceof ClioRejectedError && error.status === 404) return undefined;
      throw error;
    }
  }

  async updateCommunication(id: number, change: { subject: string; body: string }): Promise<void> {
    await this.#client.patch(`communications/${id}.json`, { fields: 'id' }, change);
  }

  async moveCommunication(id: number, matterId: number): Promise<boolean> {
    try {
      await this.#client.patch(`communications/${id}.json`, { fields: 'id' }, { matter: { id: matterId } });
      return true;
    } catch (error) {
      // A 404 may be about the matter named, not the Communication: only its absence says it is gone.
      if (error instanceof ClioRejectedError && error.status === 404 && (await this.getCommunication(id)) === undefined) return false;
      throw error;
    }
  }

  async findTimeEntry(communicationId: number): Promise<number | undefined> {
    const found = await this.#client.get<{ id: number }[]>('activities.json', { communication_id: communicationId, type: 'TimeEntry', fields: 'id', limit: 1 });
    return found[0]?.id;
  }

  async createTimeEntry(entry: TimeEntryDraft): Promise<number> {
    const created = await this.#client.post<{ id: number }>(
      'activities.json',
      { fields: 'id' },
      {
        type: 'TimeEntry',
        date: entry.date,
        quantity: entry.quantity,
        note: entry.note,
        communication: { id: entry.communicationId },
        user: { id: entry.userId },
        non_billable: entry.nonBillable,
        ...(entry.matterId === undefined ? {} : { matter: { id: entry.matterId } }),
      },
    );
    return created.id;
  }

  async createWebhook(model: HookModel, url: string, expiresAt: string): Promise<{ id: number }> {
    const created = await this.#client.post<{ id: number }>(
      'webhooks.json',
      { fields: 'id,status' },
      {
        url,
        model,
        events: HOOK_EVENTS[model],
        fields: HOOK_FIELDS[model],
        expires_at: expiresAt,
      },
    );
    return { id: created.id };
  }

  async renewWebhook(id: number, expiresAt: string): Promise<void> {
    await this.#client.patch(`webhooks/${id}.json`, { fields: 'id' }, { expires_at: expiresAt });
  }

  async findDocument(eventId: string): Promise<number | undefined> {
    const found = await this.#client.get<{ id: number }[]>('documents.json', {
      external_property_name: EXTERNAL_ID_PROPERTY,
      external_property_value: eventId,
      fields: 'id',
      limit: 1,
    });
    return found[0]?.id;
  }

  uploadDocument(upload: DocumentUpload): Promise<number> {
    return uploadDocument(this.#client, upload);
  }
}

export interface ClioGatewaysOptions {
  readonly secrets: SecretStore;
  /** Without one, an expired or refused token parks the tenant's events at once. */
  readonly refresher?: TokenRefresher;
  /** Without one, requests go out as fast as they come and a spent budget shows as 429s. */
  readonly pacer?: RatePacer;
  readonly clock?: Clock;
  /** One Clio host for every region (local simulator, sandbox). */
  readonly baseUrlOverride?: string;
  /** How long the connected user is cached per tenant. @default 600_000 */
  readonly whoAmITtlMs?: number;
}

const pacing = (pacer: RatePacer, tenantId: string) => ({
  beforeRequest: () => pacer.beforeRequest(tenantId),
  onRateLimit: (headers: RateLimitHeaders, retryAfterSeconds?: number) => pacer.observe(tenantId, headers, retryAfterSeconds),
});

/** Builds a tenant's gateway from its stored tokens; caches the connected user per tenant. */
export const createClioGateways = (options: ClioGatewaysOptions): ClioGateways => {
  const users = new Map<string, { value: Promise<{ id: number; name: string }>; expires: number }>();
  const ttl = options.whoAmITtlMs ?? 600_000;
  return {
    async forTenant(tenant: Tenant): Promise<ClioGateway> {
      if (tenant.connection?.status === 'disconnected') {
        throw new TenantNotConnectedError(`Tenant ${tenant.id} is disconnected from Clio (${tenant.connection.reason ?? 'revoked'})`);
      }
      await options.pacer?.beforeEvent(tenant.id);
      let tokens = await options.secrets.clioTokens(tenant.id);
      if (!tokens) throw new TenantNotConnectedError(`Tenant ${tenant.id} has not connected Clio`);
      const { refresher } = options;
      if (refresher && isExpiring(tokens, (options.clock ?? systemClock).now())) tokens = await refresher.refresh(tenant, tokens);
      let current = tokens;
      const client = new ClioClient({
        baseUrl: clioBaseUrl(tenant.clioRegion, options.baseUrlOverride),
        accessToken: () => current.accessToken,
        ...(refresher
          ? {
              onUnauthorized: async () => {
                current = await refresher.refresh(tenant, current);
              },
            }
          : {}),
        ...(options.pacer ? pacing(options.pacer, tenant.id) : {}),
      });
      const whoAmI = (): Promise<{ id: number; name: string }> => {
        const cached = users.get(tenant.id);
        if (cached && cached.expires > Date.now()) return cached.value;
        const value = client.get<{ id: number; name: string }>('users/who_am_i.json', { fields: 'id,name' });
        users.set(tenant.id, { value, expires: Date.now() + ttl });
        value.catch(() => users.delete(tenant.id));
        return value;
      };
      return new ClioHttpGateway(client, whoAmI);
    },
  };
};
