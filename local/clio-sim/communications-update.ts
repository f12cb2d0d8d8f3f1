import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { envelopeData, notFound } from './http.js';
import { nowIso, touch } from './store.js';
import type { SimCommunication } from './types.js';
import { optionalRef, optionalString, optionalTime, refuseUnmodelled, requiredEnum, requiredString } from './validate.js';
import { communicationView } from './views.js';

/**
 * `PATCH /communications/{id}.json`: `type`, `subject`, `body`, `date`, `received_at`, `matter` (null
 * unlinks); honours `If-Match`. Changing participants or external properties is not modelled (422).
 */
export function updateCommunication(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Communication');
  const communication = ctx.store.data.communications.find((c) => c.id === id);
  if (!communication) throw notFound(`Communication ${id} was not found`);
  requireIfMatch(ctx, communication);
  const data = envelopeData(ctx.json());
  refuseUnmodelled(data, ['senders', 'receivers', 'external_properties']);
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
  Object.assign(communication, next);
  touch(communication);
  const view = communicationView(communication, state);
  ctx.emit({ model: 'communication', event: 'updated', view, before });
  return recordResponse(ctx, 'Communication', view);
}
