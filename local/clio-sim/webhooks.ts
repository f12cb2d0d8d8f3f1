import { randomBytes } from 'node:crypto';
import { requireIfMatch } from './conditional.js';
import type { ApiContext } from './context.js';
import { fieldsParam, recordResponse } from './context.js';
import { parseFields } from './fields.js';
import type { SimResponse } from './http.js';
import { envelopeData, notFound, validationError } from './http.js';
import { newEtag, nextIdOf, nowIso, touch } from './store.js';
import type { SimWebhook, WebhookModel } from './types-records.js';
import { WEBHOOK_MODELS } from './types-records.js';
import { optionalTime, requiredString } from './validate.js';
import { webhookView } from './views-records.js';
import { MODEL_RESOURCES } from './webhook-delivery.js';

const DAY_MS = 86_400_000;
/** Model ids Clio accepts instead of names (Supported Models table). */
const MODEL_IDS: readonly WebhookModel[] = [
  'matter',
  'activity',
  'bill',
  'calendar_entry',
  'communication',
  'contact',
  'task',
  'document',
  'folder',
  'clio_payments_payment',
];
const BASE_EVENTS = ['created', 'updated', 'deleted'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https only, as Clio requires; plain http is allowed to loopback hosts so tests can receive locally. */
function webhookUrl(data: Record<string, unknown>): string {
  const raw = requiredString(data, 'url');
  if (!URL.canParse(raw)) throw validationError('Url is not a valid URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw validationError('Url must use the https scheme');
  }
  return raw;
}

function modelOf(data: Record<string, unknown>): WebhookModel {
  const raw = data.model;
  const model = typeof raw === 'number' ? MODEL_IDS[raw - 1] : WEBHOOK_MODELS.find((m) => m === raw);
  if (!model) throw validationError('Model is not included in the list');
  return model;
}

function eventsOf(data: Record<string, unknown>, model: WebhookModel): string[] {
  const allowed =
    model === 'matter'
      ? [...BASE_EVENTS, 'matter_opened', 'matter_pended', 'matter_closed']
      : model === 'clio_payments_payment'
        ? ['created', 'updated']
        : BASE_EVENTS;
  if (data.events === undefined || data.events === null) return allowed.filter((e) => BASE_EVENTS.includes(e));
  if (!Array.isArray(data.events) || data.events.length === 0) throw validationError('Events must be a non-empty list');
  return data.events.map((event) => {
    if (typeof event !== 'string' || !allowed.includes(event)) throw validationError(`Event ${String(event)} is not valid for ${model}`);
    return event;
  });
}

function fieldsOf(data: Record<string, unknown>, model: WebhookModel): string {
  const fields = requiredString(data, 'fields');
  if (fields.length > 1000) throw validationError('Fields is too long (maximum is 1000 characters)');
  const resource = MODEL_RESOURCES[model];
  if (resource) parseFields(fields, resource);
  return fields;
}

function expiresAt(data: Record<string, unknown>, fallback: string): string {
  const time = optionalTime(data, 'expires_at');
  if (!time) return fallback;
  if (time.getTime() <= Date.now()) throw validationError('Expires at must be in the future');
  if (time.getTime() > Date.now() + 31 * DAY_MS) throw validationError('Expires at must be within 31 days');
  return nowIso(time);
}

function find(ctx: ApiContext, id: number): SimWebhook {
  const webhook = ctx.store.data.webhooks.find((w) => w.id === id);
  if (!webhook) throw notFound(`Webhook ${id} was not found`);
  return webhook;
}

/**
 * `POST /webhooks.json`: `url` (https), `model`, `fields` required; `events` default created/updated/deleted,
 * `expires_at` default 3 days (≤ 31). The handshake is POSTed before this answers, so the returned `status`
 * is `enabled` when the receiver echoed `X-Hook-Secret`, else `pending`.
 */
export async function createWebhook(ctx: ApiContext): Promise<SimResponse> {
  fieldsParam(ctx.url, 'Webhook');
  const data = envelopeData(ctx.json());
  const state = ctx.store.data;
  const url = webhookUrl(data);
  const model = modelOf(data);
  const now = nowIso();
  const webhook: SimWebhook = {
    id: nextIdOf(state.webhooks.map((w) => w.id)),
    etag: newEtag(),
    url,
    model,
    events: eventsOf(data, model),
    fields: fieldsOf(data, model),
    expires_at: expiresAt(data, nowIso(new Date(Date.now() + 3 * DAY_MS))),
    status: 'pending',
    shared_secret: randomBytes(20).toString('hex'),
    user: { id: ctx.user.id },
    created_at: now,
    updated_at: now,
  };
  state.webhooks.push(webhook);
  await ctx.hooks.handshake(webhook.id);
  return recordResponse(ctx, 'Webhook', webhookView(webhook, state), 201);
}

/** `PATCH /webhooks/{id}.json`: `url` (a new URL means a new handshake), `events`, `fields`, `expires_at`. */
export async function updateWebhook(ctx: ApiContext, id: number): Promise<SimResponse> {
  fieldsParam(ctx.url, 'Webhook');
  const webhook = find(ctx, id);
  requireIfMatch(ctx, webhook);
  const data = envelopeData(ctx.json());
  const url = data.url === undefined ? webhook.url : webhookUrl(data);
  const model = data.model === undefined ? webhook.model : modelOf(data);
  const events = data.events === undefined ? webhook.events : eventsOf(data, model);
  const fields = data.fields === undefined ? webhook.fields : fieldsOf(data, model);
  const changedUrl = url !== webhook.url;
  Object.assign(webhook, { url, model, events, fields, expires_at: expiresAt(data, webhook.expires_at) });
  if (changedUrl) webhook.status = 'pending';
  touch(webhook);
  if (changedUrl) await ctx.hooks.handshake(webhook.id);
  return recordResponse(ctx, 'Webhook', webhookView(webhook, ctx.store.data));
}

/** `DELETE /webhooks/{id}.json` → 204. */
export function deleteWebhook(ctx: ApiContext, id: number): SimResponse {
  const webhook = find(ctx, id);
  ctx.store.data.webhooks = ctx.store.data.webhooks.filter((w) => w !== webhook);
  return { status: 204 };
}
