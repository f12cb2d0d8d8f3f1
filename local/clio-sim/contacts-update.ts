import { requireIfMatch } from './conditional.js';
import { EMAIL_NAMES, PHONE_NAMES } from './contacts.js';
import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { envelopeData, notFound, validationError } from './http.js';
import { contactName, touch } from './store.js';
import type { SimContact } from './types.js';
import { isId, optionalBoolean, optionalObjects, optionalString, requiredEnum, requiredString } from './validate.js';
import { contactView } from './views.js';

function find(ctx: ApiContext, id: number): SimContact {
  const contact = ctx.store.data.contacts.find((c) => c.id === id);
  if (!contact) throw notFound(`Contact ${id} was not found`);
  return contact;
}

interface Nested {
  id: number;
}

/**
 * Clio's nested-attribute rules: an item with `id` updates that entry (`_destroy: true` removes it), one
 * without `id` is added; the entry flagged default last wins and stays the only default.
 */
function mergeNested<T extends Nested>(
  items: Array<Record<string, unknown>>,
  current: T[],
  nextId: number,
  defaultKey: keyof T & string,
  build: (item: Record<string, unknown>, existing: T | undefined, id: number) => T,
): T[] {
  let next = current.map((entry) => ({ ...entry }));
  let id = nextId;
  let chosen: T | undefined;
  for (const item of items) {
    const existing = item.id === undefined ? undefined : next.find((entry) => isId(item.id, entry.id));
    if (item.id !== undefined && !existing) throw validationError('A nested record with that id does not exist on this contact');
    if (existing && optionalBoolean(item, '_destroy') === true) {
      next = next.filter((entry) => entry !== existing);
      continue;
    }
    const built = build(item, existing, existing?.id ?? id++);
    if (existing) next[next.indexOf(existing)] = built;
    else next.push(built);
    if (built[defaultKey] === true) chosen = built;
  }
  const fallback = chosen ?? next.find((entry) => entry[defaultKey] === true) ?? next[0];
  return next.map((entry) => ({ ...entry, [defaultKey]: entry === fallback }));
}

const label = <T extends string>(item: Record<string, unknown>, names: readonly T[], fallback: string): string =>
  item.name === undefined || item.name === null ? fallback : requiredEnum(item, 'name', names);

/**
 * `PATCH /contacts/{id}.json`: names, and `phone_numbers`/`email_addresses` with nested-attribute rules;
 * honours `If-Match`; answers the contact with a new etag and `updated_at`.
 */
export function updateContact(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Contact');
  const contact = find(ctx, id);
  requireIfMatch(ctx, contact);
  const data = envelopeData(ctx.json());
  const before = contactView(contact);
  const first = data.first_name === undefined ? contact.first_name : optionalString(data, 'first_name');
  const last = data.last_name === undefined ? contact.last_name : optionalString(data, 'last_name');
  const name = data.name === undefined ? contact.name : optionalString(data, 'name');
  if (contact.type === 'Person' && !first?.trim() && !last?.trim()) {
    throw validationError('At least one of first name or last name must be provided');
  }
  if (contact.type === 'Company' && !name?.trim()) throw validationError("Name can't be blank");
  const phones = mergeNested(
    optionalObjects(data, 'phone_numbers'),
    contact.phone_numbers,
    ctx.store.nextNestedId('phone_numbers'),
    'default_number',
    (item, existing, nestedId) => ({
      id: nestedId,
      number: item.number === undefined && existing ? existing.number : requiredString(item, 'number'),
      name: label(item, PHONE_NAMES, existing?.name ?? 'Other'),
      default_number: optionalBoolean(item, 'default_number') ?? optionalBoolean(item, 'primary') ?? existing?.default_number ?? false,
    }),
  );
  const emails = mergeNested(
    optionalObjects(data, 'email_addresses'),
    contact.email_addresses,
    ctx.store.nextNestedId('email_addresses'),
    'default_email',
    (item, existing, nestedId) => ({
      id: nestedId,
      address: item.address === undefined && existing ? existing.address : requiredString(item, 'address'),
      name: label(item, EMAIL_NAMES, existing?.name ?? 'Other'),
      default_email: optionalBoolean(item, 'default_email') ?? optionalBoolean(item, 'primary') ?? existing?.default_email ?? false,
    }),
  );
  Object.assign(contact, {
    first_name: contact.type === 'Person' ? first : null,
    last_name: contact.type === 'Person' ? last : null,
    name: contactName(contact.type, first, last, name ?? undefined),
    phone_numbers: phones,
    email_addresses: emails,
  });
  touch(contact);
  const view = contactView(contact);
  ctx.emit({ model: 'contact', event: 'updated', view, before });
  return recordResponse(ctx, 'Contact', view);
}

/** `DELETE /contacts/{id}.json` → 204; a matter's client cannot be deleted (422). */
export function deleteContact(ctx: ApiContext, id: number): SimResponse {
  const contact = find(ctx, id);
  const state = ctx.store.data;
  if (state.matters.some((m) => m.client?.id === id)) {
    throw validationError(`Contact ${id} is the client of a matter and cannot be deleted`);
  }
  const view = contactView(contact);
  state.contacts = state.contacts.filter((c) => c !== contact);
  state.relationships = state.relationships.filter((r) => r.contact.id !== id);
  ctx.emit({ model: 'contact', event: 'deleted', view });
  return { status: 204 };
}
