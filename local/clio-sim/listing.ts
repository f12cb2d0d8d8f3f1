import type { ApiContext } from './context.js';
import { fieldsParam, limitParam, timeParam } from './context.js';
import type { ResourceName } from './fields.js';
import { project } from './fields.js';
import type { SimResponse } from './http.js';
import { ApiError, argumentError } from './http.js';
import { ordersOf } from './spec.js';
import type { View } from './views.js';

/** Offset paging stops here, as Clio's does (cursor paging has no cap). */
const OFFSET_CAP = 10_000;

interface Order { field: string; desc: boolean }
interface Listed<T> { record: T; view: View }
/** What every listed record has. */
export interface ListRecord { id: number; created_at?: string; updated_at?: string }

/** `order` checked against the values the spec lists for the operation; default `id(asc)`. */
function orderParam(ctx: ApiContext): Order {
  const raw = ctx.url.searchParams.get('order');
  if (raw === null || raw === '') return { field: 'id', desc: false };
  const allowed = ordersOf(ctx.operation);
  const valid = allowed.length > 0 ? allowed.includes(raw) : raw === 'id(asc)' || raw === 'id(desc)';
  const match = /^([a-z_.]+)\((asc|desc)\)$/.exec(raw);
  if (!valid || !match) throw argumentError(`order ${raw} is not valid; expected one of ${allowed.join(', ') || 'id(asc), id(desc)'}`);
  return { field: match[1] ?? 'id', desc: match[2] === 'desc' };
}

function sortKey(view: View, field: string): string | number | null {
  let value: unknown = view;
  for (const part of field.split('.')) value = typeof value === 'object' && value !== null ? (value as View)[part] : undefined;
  if (typeof value === 'object' && value !== null) {
    const record = value as View;
    value = record.display_number ?? record.name ?? record.id;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
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
  return records.filter((r) => (ids.length === 0 || ids.includes(r.id))
    && atOrAfter(r.updated_at, updatedSince) && atOrAfter(r.created_at, createdSince));
}

const encodeCursor = (id: number): string => Buffer.from(`after:${id}`).toString('base64url');
function decodeCursor(token: string): number {
  const match = /^after:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw argumentError('page_token is not valid');
  return Number(match[1]);
}

function offsetParam(ctx: ApiContext): number | undefined {
  const raw = ctx.url.searchParams.get('offset');
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw argumentError('offset must be a non-negative integer');
  const offset = Number(raw);
  if (offset >= OFFSET_CAP) throw ApiError.of(422, 'ArgumentError', `offset paging is limited to ${OFFSET_CAP} records; use order=id(asc) and page_token`);
  return offset;
}

function nextUrl(ctx: ApiContext, set: Record<string, string>, remove: string): string {
  const next = new URL(ctx.url.pathname + ctx.url.search, ctx.baseUrl);
  next.searchParams.delete(remove);
  for (const [key, value] of Object.entries(set)) next.searchParams.set(key, value);
  return next.toString();
}

/**
 * A list in Clio's envelope. Cursor paging when ordered by id (the default) without `offset`:
 * `meta.paging.next` is the full URL with a `page_token` while more records remain. Any other
 * `order`, or an `offset`, pages by offset (capped at 10,000 records). Also applies `ids[]`,
 * `updated_since` and `created_since`.
 */
export function listResponse<T extends ListRecord>(
  ctx: ApiContext, resource: ResourceName, records: T[], view: (record: T) => View,
): SimResponse {
  const selection = fieldsParam(ctx.url, resource);
  const limit = limitParam(ctx.url);
  const order = orderParam(ctx);
  const offset = offsetParam(ctx);
  const listed: Array<Listed<T>> = commonFilters(ctx, records).map((record) => ({ record, view: view(record) }));
  const direction = order.desc ? -1 : 1;
  listed.sort((a, b) => direction * (compare(sortKey(a.view, order.field), sortKey(b.view, order.field)) || a.record.id - b.record.id));
  const paging: Record<string, string> = {};
  let page: Array<Listed<T>>;
  const token = ctx.url.searchParams.get('page_token');
  if (order.field === 'id' && offset === undefined) {
    const after = token === null || token === '' ? undefined : decodeCursor(token);
    const rest = after === undefined ? listed : listed.filter((item) => (order.desc ? item.record.id < after : item.record.id > after));
    page = rest.slice(0, limit);
    const last = page.at(-1);
    if (rest.length > limit && last) paging.next = nextUrl(ctx, { page_token: encodeCursor(last.record.id) }, 'offset');
  } else {
    if (token !== null && token !== '') throw argumentError('page_token is only valid with order=id(asc) or id(desc)');
    const start = offset ?? 0;
    page = listed.slice(start, start + limit);
    if (start + limit < Math.min(listed.length, OFFSET_CAP)) paging.next = nextUrl(ctx, { offset: String(start + limit) }, 'page_token');
    if (start > 0) paging.previous = nextUrl(ctx, { offset: String(Math.max(0, start - limit)) }, 'page_token');
  }
  return { status: 200, body: { data: page.map((item) => project(item.view, selection, resource)), meta: { paging } } };
}
