import type { ApiContext } from './context.js';
import { fieldsParam, limitParam, timeParam } from './context.js';
import type { ResourceName } from './fields.js';
import { project } from './fields.js';
import type { SimResponse } from './http.js';
import { argumentError } from './http.js';
import type { View } from './views.js';

/** What every listed record has. */
export interface ListRecord {
  id: number;
  created_at?: string;
  updated_at?: string;
}

/** `order`: the simulator models `id(asc)` (the default) and `id(desc)`, which every ordered list of the spec offers. */
function descending(ctx: ApiContext): boolean {
  const raw = ctx.url.searchParams.get('order');
  if (raw === null || raw === '' || raw === 'id(asc)') return false;
  if (raw === 'id(desc)') return true;
  throw argumentError(`order ${raw} is not one the simulator models: id(asc) or id(desc)`);
}

/** `ids[]`, `created_since` and `updated_since` (inclusive), which most Clio lists accept. */
function commonFilters<T extends ListRecord>(ctx: ApiContext, records: T[]): T[] {
  const ids = ctx.url.searchParams.getAll('ids[]').map((raw) => {
    if (!/^\d+$/.test(raw)) throw argumentError('ids[] must be integers');
    return Number(raw);
  });
  const updatedSince = timeParam(ctx.url, 'updated_since');
  const createdSince = timeParam(ctx.url, 'created_since');
  const atOrAfter = (stamp: string | undefined, since: number | undefined): boolean =>
    since === undefined || (stamp !== undefined && Date.parse(stamp) >= Math.floor(since / 1000) * 1000);
  return records.filter((r) => (ids.length === 0 || ids.includes(r.id)) && atOrAfter(r.updated_at, updatedSince) && atOrAfter(r.created_at, createdSince));
}

const encodeCursor = (id: number): string => Buffer.from(`after:${id}`).toString('base64url');
function decodeCursor(token: string): number {
  const match = /^after:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw argumentError('page_token is not valid');
  return Number(match[1]);
}

/**
 * A list in Clio's envelope, paged by cursor: `meta.paging.next` is the full URL with a `page_token` while
 * more records remain. Also applies `ids[]`, `updated_since` and `created_since`.
 */
export function listResponse<T extends ListRecord>(ctx: ApiContext, resource: ResourceName, records: T[], view: (record: T) => View): SimResponse {
  const selection = fieldsParam(ctx.url, resource);
  const limit = limitParam(ctx.url);
  const desc = descending(ctx);
  const token = ctx.url.searchParams.get('page_token');
  const after = token === null || token === '' ? undefined : decodeCursor(token);
  const rest = commonFilters(ctx, records)
    .filter((r) => after === undefined || (desc ? r.id < after : r.id > after))
    .sort((a, b) => (desc ? b.id - a.id : a.id - b.id));
  const page = rest.slice(0, limit);
  const paging: Record<string, string> = {};
  const last = page.at(-1);
  if (rest.length > limit && last) {
    const next = new URL(ctx.url.pathname + ctx.url.search, ctx.baseUrl);
    next.searchParams.set('page_token', encodeCursor(last.id));
    paging.next = next.toString();
  }
  return { status: 200, body: { data: page.map((record) => project(view(record), selection, resource)), meta: { paging } } };
}
