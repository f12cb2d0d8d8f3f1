import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData, isRecord, notFound, validationError } from './http.js';
import { listResponse } from './listing.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { ClioSimState, SimCommunication, SimParticipantRef } from './types.js';
import { idOf, optionalObjects, optionalTime, requiredEnum, requiredString } from './validate.js';
import { communicationView } from './views.js';

const TYPES = ['PhoneCommunication', 'EmailCommunication'] as const;
const MAX_EXTERNAL_PROPERTIES = 5;

/** `GET /communications.json` with `external_property_name` (and `external_property_value`). */
export function listCommunications(ctx: ApiContext): SimResponse {
  const propName = ctx.url.searchParams.get('external_property_name');
  const propValue = ctx.url.searchParams.get('external_property_value');
  if (propValue !== null && propName === null) throw argumentError('external_property_value requires external_property_name');
  const state = ctx.store.data;
  const matches = state.communications.filter(
    (c) => propName === null || c.external_properties.some((p) => p.name === propName && (propValue === null || p.value === propValue)),
  );
  return listResponse(ctx, 'Communication', matches, (c) => communicationView(c, state));
}

/** `GET /communications/{id}.json`. */
export function showCommunication(ctx: ApiContext, id: number): SimResponse {
  const communication = ctx.store.data.communications.find((c) => c.id === id);
  if (!communication) throw notFound(`Communication ${id} was not found`);
  return recordResponse(ctx, 'Communication', communicationView(communication, ctx.store.data));
}

/** Validated `senders`/`receivers` items (`{id, type: User|Contact}`, each must exist). */
function participants(state: ClioSimState, data: Record<string, unknown>, key: 'senders' | 'receivers'): SimParticipantRef[] {
  return optionalObjects(data, key).map((item) => {
    const type = requiredEnum(item, 'type', ['User', 'Contact'] as const);
    const id = idOf(item.id, type);
    const exists = type === 'User' ? state.users.some((u) => u.id === id) : state.contacts.some((c) => c.id === id);
    if (!exists) throw validationError(`${type} ${id} in ${key} does not exist`);
    return { id, type };
  });
}

function matterRef(state: ClioSimState, data: Record<string, unknown>): { id: number } | null {
  if (data.matter === undefined) return null;
  if (!isRecord(data.matter)) throw validationError('Matter must be an object with an id');
  const id = idOf(data.matter.id, 'Matter');
  if (!state.matters.some((m) => m.id === id)) throw validationError(`Matter ${id} does not exist`);
  return { id };
}

/** Validated `external_properties` (at most 5, `name` and `value` required). */
export function externalProperties(data: Record<string, unknown>, firstId: number): SimCommunication['external_properties'] {
  const items = optionalObjects(data, 'external_properties');
  if (items.length > MAX_EXTERNAL_PROPERTIES) {
    throw validationError(`External properties are limited to ${MAX_EXTERNAL_PROPERTIES} per record`);
  }
  return items.map((item, i) => ({ id: firstId + i, name: requiredString(item, 'name'), value: requiredString(item, 'value') }));
}

/** `POST /communications.json`: type, subject and body required; every referenced record must exist. */
export function createCommunication(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Communication');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const type = requiredEnum(data, 'type', TYPES);
  const subject = requiredString(data, 'subject');
  const body = requiredString(data, 'body');
  const receivedAt = optionalTime(data, 'received_at');
  // A date (or date-time, as some clients send) keeps its own calendar day.
  const date = optionalTime(data, 'date') ? String(data.date).slice(0, 10) : null;
  const now = nowIso();
  const communication: SimCommunication = {
    id: nextIdOf(state.communications.map((c) => c.id)),
    etag: newEtag(),
    type,
    subject,
    body,
    date: date ?? (receivedAt ? nowIso(receivedAt) : now).slice(0, 10),
    received_at: receivedAt ? nowIso(receivedAt) : null,
    matter: matterRef(state, data),
    user: { id: ctx.user.id },
    senders: participants(state, data, 'senders'),
    receivers: participants(state, data, 'receivers'),
    external_properties: externalProperties(data, nextIdOf(state.communications.flatMap((c) => c.external_properties.map((p) => p.id)))),
    created_at: now,
    updated_at: now,
  };
  state.communications.push(communication);
  const view = communicationView(communication, state);
  ctx.emit({ model: 'communication', event: 'created', view });
  return recordResponse(ctx, 'Communication', view, 201);
}
