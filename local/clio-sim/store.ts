import { randomBytes } from 'node:crypto';
import type { ClioSimState, ParsedClioSimSeed, SimContact, SimEmailAddress, SimMatter, SimPhoneNumber, SimStamps, SimUser } from './types.js';

type Seed<K extends keyof ParsedClioSimSeed> = ParsedClioSimSeed[K][number];

/** A quoted etag as Clio writes it, e.g. `"\"9a10…\""`. */
export function newEtag(): string {
  return `"${randomBytes(16).toString('hex')}"`;
}

/** The current time as Clio prints it (ISO 8601, whole seconds, UTC). */
export function nowIso(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An empty state. */
function emptyState(): ClioSimState {
  return {
    users: [],
    tokens: [],
    oauthClients: [],
    contacts: [],
    matters: [],
    communications: [],
    relationships: [],
    activities: [],
    folders: [],
    documents: [],
    webhooks: [],
    webhookDeliveries: [],
    requests: [],
  };
}

/** Gives a record a new etag and `updated_at` (every successful update does). */
export function touch(record: SimStamps): void {
  record.etag = newEtag();
  record.updated_at = nowIso();
}

/** Max of `ids` (0 when empty) plus one. */
export function nextIdOf(ids: Iterable<number>): number {
  let max = 0;
  for (const id of ids) max = Math.max(max, id);
  return max + 1;
}

/** Person names are derived from first + last name; companies keep `name`. */
export function contactName(type: SimContact['type'], first: string | null, last: string | null, name?: string): string {
  if (type === 'Company' || (!first && !last)) return name ?? '';
  return [first, last].filter((part) => part).join(' ');
}

/** Marks the first entry as the default when none is; keeps a single default. */
export function oneDefault<T>(items: T[], key: keyof T & string): T[] {
  const index = Math.max(
    0,
    items.findIndex((item) => item[key] === true),
  );
  return items.map((item, i) => ({ ...item, [key]: i === index }));
}

/** Replaces the item `same` finds, or appends it. */
function upsert<T>(list: T[], item: T, same: (a: T, b: T) => boolean): void {
  const index = list.findIndex((existing) => same(existing, item));
  if (index >= 0) list[index] = item;
  else list.push(item);
}

/** Bookkeeping fields of a seeded record: given values win, else now and a fresh etag. */
export function stamps(seed: { etag?: string | undefined; created_at?: string | undefined; updated_at?: string | undefined }): SimStamps {
  const created = seed.created_at ?? seed.updated_at ?? nowIso();
  return { etag: seed.etag ?? newEtag(), created_at: created, updated_at: seed.updated_at ?? created };
}

/** The simulator's data: a seed applied onto an empty state, mutated by the API handlers. */
export class SimStore {
  /** The live state; handlers mutate it in place. */
  public data: ClioSimState = emptyState();
  /** Uploaded bytes by document version uuid (kept out of the state so snapshots stay JSON). */
  public readonly uploads = new Map<string, Buffer>();

  public constructor(private readonly seed: ParsedClioSimSeed) {
    this.apply(seed);
  }

  /** Empties the state and re-applies the original seed. */
  public reset(): void {
    this.data = emptyState();
    this.uploads.clear();
    this.apply(this.seed);
  }

  /** A deep copy of the state. */
  public snapshot(): ClioSimState {
    return structuredClone(this.data);
  }

  /** Next free id among every phone number / email address of every contact. */
  public nextNestedId(kind: 'phone_numbers' | 'email_addresses'): number {
    return nextIdOf(this.data.contacts.flatMap((contact) => contact[kind].map((item) => item.id)));
  }

  /** Merges a parsed seed into the state: records with a known id (or token / client id) are replaced. */
  public apply(seed: ParsedClioSimSeed): void {
    const d = this.data;
    for (const u of seed.users) upsert(d.users, this.user(u), (a, b) => a.id === b.id);
    for (const t of seed.tokens) upsert(d.tokens, { ...t }, (a, b) => a.access_token === b.access_token);
    for (const c of seed.oauthClients) upsert(d.oauthClients, { ...c }, (a, b) => a.client_id === b.client_id);
    for (const c of seed.contacts) upsert(d.contacts, this.contact(c), (a, b) => a.id === b.id);
    for (const m of seed.matters) upsert(d.matters, this.matter(m), (a, b) => a.id === b.id);
    for (const r of seed.relationships) {
      upsert(d.relationships, { ...r, id: r.id ?? nextIdOf(d.relationships.map((x) => x.id)), ...stamps(r) }, (a, b) => a.id === b.id);
    }
  }

  private user(u: Seed<'users'>): SimUser {
    return { ...u, name: u.name ?? `${u.first_name} ${u.last_name}`.trim(), ...stamps(u) };
  }

  private contact(c: Seed<'contacts'>): SimContact {
    const phones: SimPhoneNumber[] = [];
    for (const p of c.phone_numbers) phones.push({ ...p, id: p.id ?? Math.max(this.nextNestedId('phone_numbers'), nextIdOf(phones.map((x) => x.id))) });
    const emails: SimEmailAddress[] = [];
    for (const e of c.email_addresses) emails.push({ ...e, id: e.id ?? Math.max(this.nextNestedId('email_addresses'), nextIdOf(emails.map((x) => x.id))) });
    return {
      id: c.id ?? nextIdOf(this.data.contacts.map((x) => x.id)),
      type: c.type,
      name: contactName(c.type, c.first_name, c.last_name, c.name),
      first_name: c.first_name,
      last_name: c.last_name,
      is_client: c.is_client,
      phone_numbers: oneDefault(phones, 'default_number'),
      email_addresses: oneDefault(emails, 'default_email'),
      ...stamps(c),
    };
  }

  private matter(m: Seed<'matters'>): SimMatter {
    const id = m.id ?? nextIdOf(this.data.matters.map((x) => x.id));
    const client = this.data.contacts.find((c) => c.id === m.client?.id);
    const suffix = client?.last_name ?? client?.name ?? 'Matter';
    return {
      id,
      display_number: m.display_number ?? `${String(id).padStart(5, '0')}-${suffix}`,
      description: m.description,
      status: m.status,
      client: m.client ? { id: m.client.id } : null,
      open_date: m.open_date,
      ...stamps(m),
    };
  }
}
