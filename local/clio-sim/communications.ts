import type { ApiContext } from './context.js';
import { fieldsParam, intParam, listResponse, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData, isRecord, notFound, validationError } from './http.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { ClioSimState, SimCommunication, SimParticipantRef } from './types.js';
import { idOf, optionalObjects, optionalTime, requiredEnum, requiredString } from './validate.js';
import { communicationView } from './views.js';

const TYPES = ['PhoneCommunication', 'EmailCommunication'] as const;
const MAX_EXTERNAL_PROPERTIES = 5;

/**
 * `GET /communications.json` with `type`, `contact_id`, `matter_id`, `user_id`, `external_property_name/value`,
 * `query` (subject or body) and `having_time_entries`.
 */
export function listCommunications(ctx: ApiContext): SimResponse {
  const params = ctx.url.searchParams;
  const type = params.get('type');
  if (type !== null && !(TYPES as readonly string[]).includes(type)) throw argumentError('type is not a valid communication type');
  const contactId = intParam(ctx.url, 'contact_id');
  const matterId = intParam(ctx.url, 'matter_id');
  const userId = intParam(ctx.url, 'user_id');
  const propName = params.get('external_property_name');
  const propValue = params.get('external_property_value');
  const query = params.get('query')?.toLowerCase();
  const havingTime = params.get('having_time_entries');
  if (propValue !== null && propName === null) throw argumentError('external_property_value requires external_property_name');
  const state = ctx.store.data;
  const matches = state.communications.filter((c) =>
    (type === null || c.type === type)
    && (contactId === undefined || [...c.senders, ...c.receivers].some((p) => p.type === 'Contact' && p.id === contactId))
    && (matterId === undefined || c.matter?.id === matterId)
    && (userId === undefined || c.user?.id === userId)
    && (propName === null || c.external_properties.some((p) => p.name === propName && (propValue === null || p.value === propValue)))
    && (!query || `${c.subject}\n${c.body}`.toLowerCase().includes(query))
    && (havingTime === null || String(state.activities.some((a) => a.communication?.id === c.id)) === havingTime));
  return listResponse(ctx, 'Communication', matches, (c) => communicationView(c, state));
}

/** `GET /communications/{id}.json`. */
export function showCommunication(ctx: ApiContext, id: number): SimResponse {
  const communication = ctx.store.data.communications.find((c) => c.id === id);
  if (!communication) throw notFound(`Communication ${id} was not found`);
  return recordResponse(ctx, 'Communication', communicationView(communication, ctx.store.data));
}

/** Validated `senders`/`receivers` items (`{id, type: User|Contact}`, each must exist). */
export function participants(state: ClioSimState, data: Record<string, unknown>, key: 'senders' | 'receivers'): SimParticipantRef[] {
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

function subscribers(state: ClioSimState, data: Record<string, unknown>, type: SimCommunication['type']): Array<{ user_id: number }> {
  const items = optionalObjects(data, 'notification_event_subscribers');
  if (items.length > 0 && type !== 'PhoneCommunication') {
    throw validationError('Notification event subscribers are only valid for phone communications');
  }
  return items.map((item) => {
    const userId = idOf(item.user_id, 'Notification event subscriber user');
    if (!state.users.some((u) => u.id === userId)) throw validationError(`User ${userId} does not exist`);
    return { user_id: userId };
  });
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
    notification_event_subscribers: subscribers(state, data, type),
    created_at: now,
    updated_at: now,
  };
  state.communications.push(communication);
  const view = communicationView(communication, state);
  ctx.emit({ model: 'communication', event: 'created', view });
  return recordResponse(ctx, 'Communication', view, 201);
}
