import { externalProperties, participants } from './communications.js';
import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { envelopeData, notFound, validationError } from './http.js';
import { nextIdOf, nowIso, touch } from './store.js';
import type { ClioSimState, SimCommunication, SimParticipantRef } from './types.js';
import {
  isId, optionalBoolean, optionalObjects, optionalRef, optionalString, optionalTime, requiredEnum, requiredString,
} from './validate.js';
import { communicationView } from './views.js';

function find(ctx: ApiContext, id: number): SimCommunication {
  const communication = ctx.store.data.communications.find((c) => c.id === id);
  if (!communication) throw notFound(`Communication ${id} was not found`);
  return communication;
}

/** Nested participants as Clio updates them: new ones are added, `_deleted: true` removes one. */
function mergeParticipants(
  state: ClioSimState, data: Record<string, unknown>, key: 'senders' | 'receivers', current: SimParticipantRef[],
): SimParticipantRef[] {
  if (data[key] === undefined) return current;
  const items = optionalObjects(data, key);
  const refs = participants(state, { [key]: items.filter((item) => item._deleted !== true) }, key);
  const removed = items.filter((item) => optionalBoolean(item, '_deleted') === true);
  const kept = current.filter((p) => !removed.some((item) => isId(item.id, p.id) && item.type === p.type));
  return [...kept, ...refs.filter((ref) => !kept.some((p) => p.id === ref.id && p.type === ref.type))];
}

/** Nested external properties: `id` updates one, `_destroy: true` removes it, no `id` adds one (≤ 5 in all). */
function mergeProperties(state: ClioSimState, data: Record<string, unknown>, current: SimCommunication['external_properties']): SimCommunication['external_properties'] {
  if (data.external_properties === undefined) return current;
  let next = current.map((p) => ({ ...p }));
  const added: Array<Record<string, unknown>> = [];
  for (const item of optionalObjects(data, 'external_properties')) {
    const existing = next.find((p) => isId(item.id, p.id));
    if (item.id === undefined) added.push(item);
    else if (!existing) throw validationError('External property id does not exist');
    else if (optionalBoolean(item, '_destroy') === true) next = next.filter((p) => p !== existing);
    else Object.assign(existing, { name: requiredString({ name: item.name ?? existing.name }, 'name'), value: requiredString({ value: item.value ?? existing.value }, 'value') });
  }
  const firstId = nextIdOf(state.communications.flatMap((c) => c.external_properties.map((p) => p.id)));
  const fresh = externalProperties({ external_properties: added }, firstId);
  if (next.length + fresh.length > 5) throw validationError('External properties are limited to 5 per record');
  return [...next, ...fresh];
}

/**
 * `PATCH /communications/{id}.json`: `type`, `subject`, `body`, `date`, `received_at`, `matter` (null
 * unlinks), participants and external properties (nested-attribute rules); honours `If-Match`.
 */
export function updateCommunication(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Communication');
  const communication = find(ctx, id);
  requireIfMatch(ctx, communication);
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const before = communicationView(communication, state);
  const next: SimCommunication = { ...communication };
  if (data.type !== undefined) next.type = requiredEnum(data, 'type', ['PhoneCommunication', 'EmailCommunication'] as const);
  if (data.subject !== undefined) next.subject = requiredString(data, 'subject');
  if (data.body !== undefined) next.body = requiredString(data, 'body');
  const receivedAt = optionalTime(data, 'received_at');
  if (data.received_at !== undefined) next.received_at = receivedAt ? nowIso(receivedAt) : null;
  const date = optionalTime(data, 'date') ? optionalString(data, 'date') : null;
  if (date) next.date = date.slice(0, 10);
  const matter = optionalRef(data, 'matter', 'Matter', (matterId) => state.matters.some((m) => m.id === matterId));
  if (matter !== undefined) next.matter = matter;
  next.senders = mergeParticipants(state, data, 'senders', communication.senders);
  next.receivers = mergeParticipants(state, data, 'receivers', communication.receivers);
  next.external_properties = mergeProperties(state, data, communication.external_properties);
  Object.assign(communication, next);
  touch(communication);
  const view = communicationView(communication, state);
  ctx.emit({ model: 'communication', event: 'updated', view, before });
  return recordResponse(ctx, 'Communication', view);
}

/** `DELETE /communications/{id}.json` → 204 (its time entries stay, unlinked). */
export function deleteCommunication(ctx: ApiContext, id: number): SimResponse {
  const communication = find(ctx, id);
  const state = ctx.store.data;
  const view = communicationView(communication, state);
  state.communications = state.communications.filter((c) => c !== communication);
  for (const activity of state.activities) if (activity.communication?.id === id) activity.communication = null;
  ctx.emit({ model: 'communication', event: 'deleted', view });
  return { status: 204 };
}
