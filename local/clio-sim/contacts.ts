import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { envelopeData, notFound, validationError } from './http.js';
import { listResponse } from './listing.js';
import { contactName, newEtag, nextIdOf, nowIso, oneDefault } from './store.js';
import type { SimContact, SimEmailAddress, SimPhoneNumber } from './types.js';
import { optionalBoolean, optionalObjects, optionalString, requiredEnum, requiredString } from './validate.js';
import { contactView } from './views.js';

/** Labels a phone number may have. */
export const PHONE_NAMES = ['Work', 'Home', 'Mobile', 'Fax', 'Pager', 'Skype', 'Other'] as const;
/** Labels an email address may have. */
export const EMAIL_NAMES = ['Work', 'Home', 'Other'] as const;

/** Clio's `query` on contacts: case-insensitive substring of the raw stored text, no number normalisation. */
function contactMatches(contact: SimContact, query: string): boolean {
  const needle = query.toLowerCase();
  const haystack = [
    contact.name,
    contact.first_name,
    contact.last_name,
    ...contact.phone_numbers.map((p) => p.number),
    ...contact.email_addresses.map((e) => e.address),
  ];
  return haystack.some((text) => text?.toLowerCase().includes(needle) ?? false);
}

/** `GET /contacts.json` with `query`, `limit`, `fields` (and the common list parameters). */
export function listContacts(ctx: ApiContext): SimResponse {
  const query = ctx.url.searchParams.get('query');
  const matches = ctx.store.data.contacts.filter((contact) => query === null || query === '' || contactMatches(contact, query));
  return listResponse(ctx, 'Contact', matches, contactView);
}

/** `GET /contacts/{id}.json`. */
export function showContact(ctx: ApiContext, id: number): SimResponse {
  const contact = ctx.store.data.contacts.find((c) => c.id === id);
  if (!contact) throw notFound(`Contact ${id} was not found`);
  return recordResponse(ctx, 'Contact', contactView(contact));
}

function phoneNumbers(data: Record<string, unknown>, firstId: number): SimPhoneNumber[] {
  return optionalObjects(data, 'phone_numbers').map((item, i) => ({
    id: firstId + i,
    number: requiredString(item, 'number'),
    name: item.name === undefined || item.name === null ? 'Other' : requiredEnum(item, 'name', PHONE_NAMES),
    default_number: optionalBoolean(item, 'default_number') ?? optionalBoolean(item, 'primary') ?? false,
  }));
}

function emailAddresses(data: Record<string, unknown>, firstId: number): SimEmailAddress[] {
  return optionalObjects(data, 'email_addresses').map((item, i) => ({
    id: firstId + i,
    address: requiredString(item, 'address'),
    name: item.name === undefined || item.name === null ? 'Other' : requiredEnum(item, 'name', EMAIL_NAMES),
    default_email: optionalBoolean(item, 'default_email') ?? optionalBoolean(item, 'primary') ?? false,
  }));
}

/**
 * `POST /contacts.json`: a Person needs a first or last name (a bare `name` is not parsed here, which is
 * stricter than Clio's best-effort parsing), a Company needs `name`.
 */
export function createContact(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Contact');
  const data = envelopeData(ctx.json());
  const type = requiredEnum(data, 'type', ['Person', 'Company'] as const);
  const first = optionalString(data, 'first_name');
  const last = optionalString(data, 'last_name');
  const name = optionalString(data, 'name');
  if (type === 'Person' && !first?.trim() && !last?.trim()) {
    throw validationError('At least one of first name or last name must be provided');
  }
  if (type === 'Company' && !name?.trim()) throw validationError("Name can't be blank");
  const now = nowIso();
  const contact: SimContact = {
    id: nextIdOf(ctx.store.data.contacts.map((c) => c.id)),
    etag: newEtag(),
    type,
    name: contactName(type, first, last, name ?? undefined),
    first_name: type === 'Person' ? first : null,
    last_name: type === 'Person' ? last : null,
    is_client: false,
    phone_numbers: oneDefault(phoneNumbers(data, ctx.store.nextNestedId('phone_numbers')), 'default_number'),
    email_addresses: oneDefault(emailAddresses(data, ctx.store.nextNestedId('email_addresses')), 'default_email'),
    created_at: now,
    updated_at: now,
  };
  ctx.store.data.contacts.push(contact);
  const view = contactView(contact);
  ctx.emit({ model: 'contact', event: 'created', view });
  return recordResponse(ctx, 'Contact', view, 201);
}
