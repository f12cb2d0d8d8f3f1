import type { FieldSelection, ResourceName } from './fields.js';
import { parseFields, project } from './fields.js';
import type { SimResponse } from './http.js';
import { argumentError } from './http.js';
import type { SimStore } from './store.js';
import type { SimUser } from './types.js';
import type { View } from './views.js';

/** What an API handler gets: the store, the parsed URL, the authenticated user and the body. */
export interface ApiContext {
  store: SimStore;
  url: URL;
  /** The simulator's own origin, for `meta.paging.next` links. */
  baseUrl: string;
  user: SimUser;
  /** The JSON body (malformed JSON throws a 400 when first read). */
  json(): unknown;
}

/** An optional positive-integer query parameter; anything else is a 400. */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw argumentError(`${name} must be a positive integer`);
  return Number(raw);
}

/** `limit` as Clio checks it: 1–200, default 200. */
export function limitParam(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return 200;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 200) {
    throw argumentError(`limit must be an integer between 1 and 200 (got ${raw})`);
  }
  return limit;
}

function pageOffset(url: URL): number {
  const token = url.searchParams.get('page_token');
  if (token === null || token === '') return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw argumentError('page_token is not valid');
  return offset;
}

/** `fields` for a resource (400 on an invalid selection). */
export function fieldsParam(url: URL, resource: ResourceName): FieldSelection | null {
  return parseFields(url.searchParams.get('fields'), resource);
}

/**
 * A list response in Clio's envelope, ordered by id, one page of `limit` records; when more remain,
 * `meta.paging.next` is the full URL of the next page (cursor mode, `page_token`).
 */
export function listResponse<T extends { id: number }>(
  ctx: ApiContext, resource: ResourceName, records: T[], view: (record: T) => View,
): SimResponse {
  const selection = fieldsParam(ctx.url, resource);
  const limit = limitParam(ctx.url);
  const offset = pageOffset(ctx.url);
  const sorted = [...records].sort((a, b) => a.id - b.id);
  const page = sorted.slice(offset, offset + limit);
  const paging: Record<string, string> = {};
  if (offset + limit < sorted.length) {
    const next = new URL(ctx.url.pathname + ctx.url.search, ctx.baseUrl);
    next.searchParams.set('page_token', Buffer.from(String(offset + limit)).toString('base64url'));
    paging.next = next.toString();
  }
  return {
    status: 200,
    body: { data: page.map((record) => project(view(record), selection, resource)), meta: { paging } },
  };
}

/** A single-record response (`201` for creates) projected through `fields`. */
export function recordResponse(ctx: ApiContext, resource: ResourceName, view: View, status = 200): SimResponse {
  return { status, body: { data: project(view, fieldsParam(ctx.url, resource), resource) } };
}
