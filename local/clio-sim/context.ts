import { etagHeaders, notModified } from './conditional.js';
import type { FieldSelection, ResourceName } from './fields.js';
import { parseFields, project } from './fields.js';
import type { SimResponse } from './http.js';
import { argumentError } from './http.js';
import type { SimStore } from './store.js';
import type { SimUser } from './types.js';
import type { WebhookModel } from './types-records.js';
import type { View } from './views.js';

/** A change to a record that webhooks of its model may be told about. */
export interface ModelEvent {
  model: WebhookModel;
  event: 'created' | 'updated' | 'deleted' | 'matter_opened' | 'matter_pended' | 'matter_closed';
  /** The record after the change (before it, for `deleted`). */
  view: View;
  /** The record before an update: hooks only fire when one of their `fields` changed. */
  before?: View;
}

/** The webhook side of the simulator as handlers see it. */
export interface HookService {
  /** POSTs the handshake (`X-Hook-Secret`) and enables the hook if the receiver echoes the secret. */
  handshake(webhookId: number): Promise<void>;
}

/** What an API handler gets: the store, the parsed URL, the authenticated user and the body. */
export interface ApiContext {
  store: SimStore;
  url: URL;
  /** The simulator's own origin, for `meta.paging.next` links and `put_url`s. */
  baseUrl: string;
  user: SimUser;
  /** The HTTP method. */
  method: string;
  /** A request header (case-insensitive name), first value. */
  header(name: string): string | undefined;
  /** The JSON body (malformed JSON throws a 400 when first read). */
  json(): unknown;
  /** Queues a webhook event; delivered after the response is written. */
  emit(event: ModelEvent): void;
  hooks: HookService;
}

/** An API route handler; `id` is the number in the path (0 when there is none). */
export type Handler = (ctx: ApiContext, id: number) => SimResponse | Promise<SimResponse>;

/** An optional positive-integer query parameter; anything else is a 400. */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw argumentError(`${name} must be a positive integer`);
  return Number(raw);
}

/** An optional ISO-8601 time query parameter (`updated_since`, …); anything else is a 400. */
export function timeParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw argumentError(`${name} must be an ISO-8601 timestamp`);
  return time;
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

/** `fields` for a resource (400 on an invalid selection). */
export function fieldsParam(url: URL, resource: ResourceName): FieldSelection | null {
  return parseFields(url.searchParams.get('fields'), resource);
}

/**
 * A single-record response (`201` for creates) projected through `fields`, with `ETag` and
 * `Last-Modified`; a GET whose `If-None-Match`/`If-Modified-Since` still holds gets `304` and no body.
 */
export function recordResponse(ctx: ApiContext, resource: ResourceName, view: View, status = 200): SimResponse {
  const selection = fieldsParam(ctx.url, resource);
  const headers = etagHeaders(view);
  if (status === 200 && ctx.method === 'GET' && notModified(ctx, view)) return { status: 304, headers };
  return { status, headers, body: { data: project(view, selection, resource) } };
}
