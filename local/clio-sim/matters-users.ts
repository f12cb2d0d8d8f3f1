import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, intParam, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, envelopeData, notFound } from './http.js';
import { listResponse } from './listing.js';
import { touch } from './store.js';
import type { SimMatter } from './types.js';
import { optionalString, requiredEnum } from './validate.js';
import { matterView, userView } from './views.js';

const STATUSES: Readonly<Record<string, SimMatter['status']>> = { open: 'Open', pending: 'Pending', closed: 'Closed' };

/** `status=open,pending` → the capitalised stored values; unknown values are a 400. */
function statusFilter(raw: string | null): ReadonlySet<SimMatter['status']> | null {
  if (raw === null || raw === '') return null;
  const wanted = new Set<SimMatter['status']>();
  for (const part of raw.split(',')) {
    const status = STATUSES[part.trim()];
    if (!status) throw argumentError(`status must be one of open, pending, closed (got ${part})`);
    wanted.add(status);
  }
  return wanted;
}

/**
 * `GET /matters.json` with `client_id`, `status` (lower-case comma list), `limit`, `fields`,
 * and the common `order` (e.g. `updated_at(desc)`), `updated_since`, `ids[]`.
 */
export function listMatters(ctx: ApiContext): SimResponse {
  const clientId = intParam(ctx.url, 'client_id');
  const statuses = statusFilter(ctx.url.searchParams.get('status'));
  const state = ctx.store.data;
  const matches = state.matters.filter((m) => (clientId === undefined || m.client?.id === clientId) && (statuses === null || statuses.has(m.status)));
  return listResponse(ctx, 'Matter', matches, (m) => matterView(m, state));
}

function findMatter(ctx: ApiContext, id: number): SimMatter {
  const matter = ctx.store.data.matters.find((m) => m.id === id);
  if (!matter) throw notFound(`Matter ${id} was not found`);
  return matter;
}

/** `GET /matters/{id}.json`. */
export function showMatter(ctx: ApiContext, id: number): SimResponse {
  return recordResponse(ctx, 'Matter', matterView(findMatter(ctx, id), ctx.store.data));
}

const STATUS_EVENTS = { Open: 'matter_opened', Pending: 'matter_pended', Closed: 'matter_closed' } as const;

/** `PATCH /matters/{id}.json`: `description`, `status` (`Open|Pending|Closed`); honours `If-Match`. */
export function updateMatter(ctx: ApiContext, id: number): SimResponse {
  fieldsParam(ctx.url, 'Matter');
  const matter = findMatter(ctx, id);
  requireIfMatch(ctx, matter);
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const before = matterView(matter, state);
  const description = data.description === undefined ? matter.description : (optionalString(data, 'description') ?? '');
  const status = data.status === undefined ? matter.status : requiredEnum(data, 'status', ['Open', 'Pending', 'Closed'] as const);
  const changed = status !== matter.status;
  Object.assign(matter, { description, status });
  touch(matter);
  const view = matterView(matter, state);
  ctx.emit({ model: 'matter', event: 'updated', view, before });
  if (changed) ctx.emit({ model: 'matter', event: STATUS_EVENTS[status], view });
  return recordResponse(ctx, 'Matter', view);
}

/** `DELETE /matters/{id}.json` → 204; its relationships go with it (records that named it keep a dangling reference). */
export function deleteMatter(ctx: ApiContext, id: number): SimResponse {
  const matter = findMatter(ctx, id);
  const state = ctx.store.data;
  const view = matterView(matter, state);
  state.matters = state.matters.filter((m) => m !== matter);
  state.relationships = state.relationships.filter((r) => r.matter.id !== id);
  ctx.emit({ model: 'matter', event: 'deleted', view });
  return { status: 204 };
}

/** `GET /users/who_am_i.json`: the token's user. */
export function whoAmI(ctx: ApiContext): SimResponse {
  return recordResponse(ctx, 'User', userView(ctx.user));
}

/** `GET /users.json` with `enabled`: the firm's users, for the console's mapping of phone users to Clio users. */
export function listUsers(ctx: ApiContext): SimResponse {
  const enabled = ctx.url.searchParams.get('enabled');
  const users = ctx.store.data.users.filter((u) => enabled === null || String(u.enabled) === enabled);
  return listResponse(ctx, 'User', users, userView);
}
