import type { ApiContext } from './context.js';
import { intParam, listResponse, recordResponse } from './context.js';
import type { SimResponse } from './http.js';
import { argumentError, notFound } from './http.js';
import type { SimMatter } from './types.js';
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

/** `GET /matters.json` with `client_id`, `status` (lower-case comma list), `limit`, `fields`. */
export function listMatters(ctx: ApiContext): SimResponse {
  const clientId = intParam(ctx.url, 'client_id');
  const statuses = statusFilter(ctx.url.searchParams.get('status'));
  const state = ctx.store.data;
  const matches = state.matters.filter((m) =>
    (clientId === undefined || m.client?.id === clientId) && (statuses === null || statuses.has(m.status)));
  return listResponse(ctx, 'Matter', matches, (m) => matterView(m, state));
}

/** `GET /matters/{id}.json`. */
export function showMatter(ctx: ApiContext, id: number): SimResponse {
  const matter = ctx.store.data.matters.find((m) => m.id === id);
  if (!matter) throw notFound(`Matter ${id} was not found`);
  return recordResponse(ctx, 'Matter', matterView(matter, ctx.store.data));
}

/** `GET /users/who_am_i.json`: the token's user. */
export function whoAmI(ctx: ApiContext): SimResponse {
  return recordResponse(ctx, 'User', userView(ctx.user));
}

/** `GET /users.json` with `enabled`, `limit`, `fields`. */
export function listUsers(ctx: ApiContext): SimResponse {
  const enabled = ctx.url.searchParams.get('enabled');
  const users = ctx.store.data.users.filter((u) => enabled === null || String(u.enabled) === enabled);
  return listResponse(ctx, 'User', users, userView);
}

/** `GET /users/{id}.json`. */
export function showUser(ctx: ApiContext, id: number): SimResponse {
  const user = ctx.store.data.users.find((u) => u.id === id);
  if (!user) throw notFound(`User ${id} was not found`);
  return recordResponse(ctx, 'User', userView(user));
}
