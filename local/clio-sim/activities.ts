import type { ApiContext } from './context.js';
import { fieldsParam, intParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData } from './http.js';
import { listResponse } from './listing.js';
import { newEtag, nextIdOf, nowIso } from './store.js';
import type { SimActivity } from './types-records.js';
import { ACTIVITY_TYPES } from './types-records.js';
import { optionalBoolean, optionalNumber, optionalRef, optionalString, refuseUnmodelled, requiredDate, requiredEnum } from './validate.js';
import { activityView } from './views-records.js';

/** `GET /activities.json` with `communication_id` and `type`. */
export function listActivities(ctx: ApiContext): SimResponse {
  const type = ctx.url.searchParams.get('type');
  if (type !== null && !(ACTIVITY_TYPES as readonly string[]).includes(type)) throw argumentError(`type must be one of ${ACTIVITY_TYPES.join(', ')}`);
  const communicationId = intParam(ctx.url, 'communication_id');
  const state = ctx.store.data;
  const matches = state.activities.filter(
    (a) => (type === null || a.type === type) && (communicationId === undefined || a.communication?.id === communicationId),
  );
  return listResponse(ctx, 'Activity', matches, (a) => activityView(a, state));
}

/**
 * `POST /activities.json`: `type` and `date` required (422); `quantity` is seconds for a TimeEntry;
 * `user` defaults to the token's user; matter, user and communication must exist. An
 * `activity_description` is not modelled (422).
 */
export function createActivity(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Activity');
  const data = envelopeData(ctx.json());
  refuseUnmodelled(data, ['activity_description']);
  const state = ctx.store.data;
  const type = requiredEnum(data, 'type', ACTIVITY_TYPES);
  const date = requiredDate(data, 'date');
  const matter = optionalRef(data, 'matter', 'Matter', (id) => state.matters.some((m) => m.id === id));
  const user = optionalRef(data, 'user', 'User', (id) => state.users.some((u) => u.id === id));
  const communication = optionalRef(data, 'communication', 'Communication', (id) => state.communications.some((c) => c.id === id));
  const now = nowIso();
  const activity: SimActivity = {
    id: nextIdOf(state.activities.map((a) => a.id)),
    etag: newEtag(),
    type,
    date,
    quantity: optionalNumber(data, 'quantity') ?? (type === 'TimeEntry' ? 0 : 1),
    price: optionalNumber(data, 'price') ?? 0,
    note: optionalString(data, 'note'),
    matter: matter ?? null,
    user: user ?? { id: ctx.user.id },
    communication: communication ?? null,
    non_billable: optionalBoolean(data, 'non_billable') ?? false,
    no_charge: optionalBoolean(data, 'no_charge') ?? false,
    created_at: now,
    updated_at: now,
  };
  state.activities.push(activity);
  const view = activityView(activity, state);
  ctx.emit({ model: 'activity', event: 'created', view });
  return recordResponse(ctx, 'Activity', view, 201);
}
