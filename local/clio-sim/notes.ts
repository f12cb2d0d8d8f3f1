import type { ApiContext } from './context.js';
import { fieldsParam, intParam, listResponse, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData, notFound, validationError } from './http.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { SimNote } from './types-records.js';
import { optionalRef, optionalString, requiredDate, requiredEnum } from './validate.js';
import { noteView } from './views-records.js';

/** Allowed tags in `rich_text` notes (Clio's list). */
const RICH_TAGS = new Set(['a', 'b', 'br', 'div', 'em', 'i', 'li', 'ol', 'p', 's', 'strong', 'u', 'ul']);

/**
 * `GET /notes.json`: `type` (`Matter|Contact`) is required (400 without it); filters `contact_id`,
 * `matter_id`, `query` (subject or detail). Lower-case `type` is accepted too (see docs/clio.md#open-questions, 8).
 */
export function listNotes(ctx: ApiContext): SimResponse {
  const raw = ctx.url.searchParams.get('type');
  if (raw === null || raw === '') throw argumentError('type is required (Matter or Contact)');
  const type = raw.charAt(0).toUpperCase() + raw.slice(1);
  if (type !== 'Matter' && type !== 'Contact') throw argumentError('type must be Matter or Contact');
  const contactId = intParam(ctx.url, 'contact_id');
  const matterId = intParam(ctx.url, 'matter_id');
  const query = ctx.url.searchParams.get('query')?.toLowerCase();
  const state = ctx.store.data;
  const matches = state.notes.filter((n) => n.type === type
    && (contactId === undefined || n.contact?.id === contactId)
    && (matterId === undefined || n.matter?.id === matterId)
    && (!query || `${n.subject ?? ''}\n${n.detail ?? ''}`.toLowerCase().includes(query)));
  return listResponse(ctx, 'Note', matches, (n) => noteView(n, state));
}

/** `GET /notes/{id}.json`. */
export function showNote(ctx: ApiContext, id: number): SimResponse {
  const note = ctx.store.data.notes.find((n) => n.id === id);
  if (!note) throw notFound(`Note ${id} was not found`);
  return recordResponse(ctx, 'Note', noteView(note, ctx.store.data));
}

/**
 * `POST /notes.json`: `type` `Matter` needs `matter{id}`, `Contact` needs `contact{id}` (it must exist);
 * `detail_text_type` `plain_text` (default) or `rich_text` (only Clio's allowed tags).
 */
export function createNote(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Note');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const type = requiredEnum(data, 'type', ['Matter', 'Contact'] as const);
  const matter = optionalRef(data, 'matter', 'Matter', (id) => state.matters.some((m) => m.id === id)) ?? null;
  const contact = optionalRef(data, 'contact', 'Contact', (id) => state.contacts.some((c) => c.id === id)) ?? null;
  if (type === 'Matter' && !matter) throw validationError("Matter can't be blank");
  if (type === 'Contact' && !contact) throw validationError("Contact can't be blank");
  const textType = data.detail_text_type === undefined ? 'plain_text' : requiredEnum(data, 'detail_text_type', ['plain_text', 'rich_text'] as const);
  const detail = optionalString(data, 'detail');
  if (textType === 'rich_text' && detail) {
    for (const [, tag = ''] of detail.matchAll(/<\/?([a-zA-Z0-9]+)/g)) {
      if (!RICH_TAGS.has(tag.toLowerCase())) throw validationError(`Detail contains a tag that is not allowed: <${tag}>`);
    }
  }
  const now = nowIso();
  const note: SimNote = {
    id: nextIdOf(state.notes.map((n) => n.id)),
    etag: newEtag(),
    type,
    subject: optionalString(data, 'subject'),
    detail,
    detail_text_type: textType,
    date: data.date === undefined || data.date === null ? now.slice(0, 10) : requiredDate(data, 'date'),
    matter: type === 'Matter' ? matter : null,
    contact: type === 'Contact' ? contact : null,
    author: { id: ctx.user.id },
    created_at: now,
    updated_at: now,
  };
  state.notes.push(note);
  return recordResponse(ctx, 'Note', noteView(note, state), 201);
}
