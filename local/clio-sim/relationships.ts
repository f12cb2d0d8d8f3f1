import type { ApiContext } from './context.js';
import { fieldsParam, intParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { envelopeData, validationError } from './http.js';
import { listResponse } from './listing.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { SimRelationship } from './types-records.js';
import { optionalRef, optionalString } from './validate.js';
import { relationshipView } from './views-records.js';

/**
 * `GET /relationships.json` with `contact_id`, `matter_id` (and the common list parameters), e.g.
 * `fields=id,description,matter{id,display_number,description,status}`.
 */
export function listRelationships(ctx: ApiContext): SimResponse {
  const contactId = intParam(ctx.url, 'contact_id');
  const matterId = intParam(ctx.url, 'matter_id');
  const state = ctx.store.data;
  const matches = state.relationships.filter(
    (r) => (contactId === undefined || r.contact.id === contactId) && (matterId === undefined || r.matter.id === matterId),
  );
  return listResponse(ctx, 'Relationship', matches, (r) => relationshipView(r, state));
}

/** `POST /relationships.json`: `contact{id}` and `matter{id}` must exist; `description` is free text. */
export function createRelationship(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Relationship');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const contact = optionalRef(data, 'contact', 'Contact', (id) => state.contacts.some((c) => c.id === id));
  const matter = optionalRef(data, 'matter', 'Matter', (id) => state.matters.some((m) => m.id === id));
  if (!contact) throw validationError("Contact can't be blank");
  if (!matter) throw validationError("Matter can't be blank");
  const now = nowIso();
  const relationship: SimRelationship = {
    id: nextIdOf(state.relationships.map((r) => r.id)),
    etag: newEtag(),
    description: optionalString(data, 'description'),
    contact,
    matter,
    created_at: now,
    updated_at: now,
  };
  state.relationships.push(relationship);
  return recordResponse(ctx, 'Relationship', relationshipView(relationship, state), 201);
}
