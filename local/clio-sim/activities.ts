import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, intParam, listResponse, recordResponse, timeParam } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData, notFound } from './http.js';
import { newEtag, nextIdOf, nowIso, touch } from './store.js';
import type { ClioSimState } from './types.js';
import type { SimActivity } from './types-records.js';
import { ACTIVITY_TYPES } from './types-records.js';
import {
  optionalBoolean, optionalNumber, optionalRef, optionalString, requiredDate, requiredEnum,
} from './validate.js';
import { activityView } from './views-records.js';

type Refs = Pick<SimActivity, 'matter' | 'communication' | 'activity_description'> & { user?: { id: number } | null };

/** The references an activity body may carry; each must exist (422 otherwise). */
function refs(state: ClioSimState, data: Record<string, unknown>): Partial<Refs> {
  const out: Partial<Refs> = {};
  const matter = optionalRef(data, 'matter', 'Matter', (id) => state.matters.some((m) => m.id === id));
  const user = optionalRef(data, 'user', 'User', (id) => state.users.some((u) => u.id === id));
  const communication = optionalRef(data, 'communication', 'Communication', (id) => state.communications.some((c) => c.id === id));
  const description = optionalRef(data, 'activity_description', 'Activity description', (id) => state.activityDescriptions.some((d) => d.id === id));
  if (matter !== undefined) out.matter = matter;
  if (user !== undefined) out.user = user;
  if (communication !== undefined) out.communication = communication;
  if (description !== undefined) out.activity_description = description;
  return out;
}

/** `GET /activities.json` with `communication_id`, `matter_id`, `user_id`, `type`, `activity_description_id`, `query`, `start_date`, `end_date`. */
export function listActivities(ctx: ApiContext): SimResponse {
  const params = ctx.url.searchParams;
  const type = params.get('type');
  if (type !== null && !(ACTIVITY_TYPES as readonly string[]).includes(type)) throw argumentError(`type must be one of ${ACTIVITY_TYPES.join(', ')}`);
  const communicationId = intParam(ctx.url, 'communication_id');
  const matterId = intParam(ctx.url, 'matter_id');
  const userId = intParam(ctx.url, 'user_id');
  const descriptionId = intParam(ctx.url, 'activity_description_id');
  const query = params.get('query')?.toLowerCase();
  const start = timeParam(ctx.url, 'start_date');
  const end = timeParam(ctx.url, 'end_date');
  const state = ctx.store.data;
  const matches = state.activities.filter((a) => (type === null || a.type === type)
    && (communicationId === undefined || a.communication?.id === communicationId)
    && (matterId === undefined || a.matter?.id === matterId)
    && (userId === undefined || a.user.id === userId)
    && (descriptionId === undefined || a.activity_description?.id === descriptionId)
    && (!query || (a.note?.toLowerCase().includes(query) ?? false))
    && (start === undefined || Date.parse(a.date) >= Date.parse(new Date(start).toISOString().slice(0, 10)))
    && (end === undefined || Date.parse(a.date) <= Date.parse(new Date(end).toISOString().slice(0, 10))));
  return listResponse(ctx, 'Activity', matches, (a) => activityView(a, state));
}

function find(ctx: ApiContext, id: number): SimActivity {
  const activity = ctx.store.data.activities.find((a) => a.id === id);
  if (!activity) throw notFound(`Activity ${id} was not found`);
  return activity;
}

/** `GET /activities/{id}.json`. */
export function showActivity(ctx: ApiContext, id: number): SimResponse {
  return recordResponse(ctx, 'Activity', activityView(find(ctx, id), ctx.store.data));
}

/**
 * `POST /activities.json`: `type` and `date` required (422); `quantity` is seconds for a TimeEntry;
 * `user` defaults to the token's user; matter, user, communication and activity description must exist.
 */
export function createActivity(ctx: ApiContext): SimResponse {
  fieldsParam(ctx.url, 'Activity');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const type = requiredEnum(data, 'type', ACTIVITY_TYPES);
  const date = requiredDate(data, 'date');
  const linked = refs(state, data);
  const now = nowIso();
  const activity: SimActivity = {
    id: nextIdOf(state.activities.map((a) => a.id)),
    etag: newEtag(),
    type,
    date,
    quantity: optionalNumber(data, 'quantity') ?? (type === 'TimeEntry' ? 0 : 1),
    price: optionalNumber(data, 'price') ?? 0,
    note: optionalString(data, 'note'),
    matter: linked.matter ?? null,
    user: linked.user ?? { id: ctx.user.id },
    communication: linked.communication ?? null,
    activity_description: linked.activity_description ?? null,
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

/** `PATCH /activities/{id}.json`: any of the create attributes but `type`; honours `If-Match`. */
export function updateActivity(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Activity');
  const activity = find(ctx, id);
  requireIfMatch(ctx, activity);
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const before = activityView(activity, state);
  const linked = refs(state, data);
  const next: SimActivity = { ...activity };
  if (data.date !== undefined) next.date = requiredDate(data, 'date');
  next.quantity = optionalNumber(data, 'quantity') ?? next.quantity;
  next.price = optionalNumber(data, 'price') ?? next.price;
  if (data.note !== undefined) next.note = optionalString(data, 'note');
  if (linked.matter !== undefined) next.matter = linked.matter;
  if (linked.user) next.user = linked.user;
  if (linked.communication !== undefined) next.communication = linked.communication;
  if (linked.activity_description !== undefined) next.activity_description = linked.activity_description;
  next.non_billable = optionalBoolean(data, 'non_billable') ?? next.non_billable;
  next.no_charge = optionalBoolean(data, 'no_charge') ?? next.no_charge;
  Object.assign(activity, next);
  touch(activity);
  const view = activityView(activity, state);
  ctx.emit({ model: 'activity', event: 'updated', view, before });
  return recordResponse(ctx, 'Activity', view);
}

/** `DELETE /activities/{id}.json` → 204. */
export function deleteActivity(ctx: ApiContext, id: number): SimResponse {
  const activity = find(ctx, id);
  const view = activityView(activity, ctx.store.data);
  ctx.store.data.activities = ctx.store.data.activities.filter((a) => a !== activity);
  ctx.emit({ model: 'activity', event: 'deleted', view });
  return { status: 204 };
}

/** `GET /activity_descriptions.json`. */
export function listActivityDescriptions(ctx: ApiContext): SimResponse {
  return listResponse(ctx, 'ActivityDescription', ctx.store.data.activityDescriptions, (d) => ({ ...d }));
}
