import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { HookService, ModelEvent } from './context.js';
import type { ResourceName } from './fields.js';
import { parseFields, project } from './fields.js';
import type { SimStore } from './store.js';
import { nowIso, touch } from './store.js';
import type { SimWebhook, WebhookModel } from './types-records.js';

/** How the simulator delivers webhooks. */
export interface WebhookDeliveryOptions {
  /** Further attempts after a failed delivery (not 2xx/3xx/410). @default 2 */
  retries?: number;
  /** Wait before the first retry; doubles each time (exponential backoff). @default 200 */
  retryDelayMs?: number;
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number;
}

/** The simulated resources a webhook model's payload is projected from. */
export const MODEL_RESOURCES: Partial<Record<WebhookModel, ResourceName>> = {
  activity: 'Activity',
  communication: 'Communication',
  contact: 'Contact',
  document: 'Document',
  matter: 'Matter',
};

interface PostResult {
  status: number | null;
  secret?: string;
  error?: string;
}

/**
 * Sends Clio's webhook requests: the handshake (`X-Hook-Secret`) and signed events
 * (`X-Hook-Signature` = hex HMAC-SHA256 of the raw body with the hook's `shared_secret`), in order per hook,
 * retried with backoff; `410 Gone` suspends the hook. Every request is logged in `webhookDeliveries`.
 */
export class WebhookDispatcher implements HookService {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queues = new Map<number, Promise<void>>();
  private readonly seen = new Set<string>();
  private generation = 0;
  private abort = new AbortController();
  private readonly options: Required<WebhookDeliveryOptions>;

  public constructor(
    private readonly store: SimStore,
    options: WebhookDeliveryOptions = {},
  ) {
    this.options = { retries: 2, retryDelayMs: 200, timeoutMs: 5000, ...options };
  }

  /** Drops pending retries and the "already notified" memory (after `POST /__sim/reset`, on stop). */
  public reset(): void {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
    this.seen.clear();
    this.queues.clear();
  }

  /** Resolves once every queued delivery (retries included) has finished. */
  public async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** POSTs the handshake; the hook is enabled when the 2xx response echoes `X-Hook-Secret`. */
  public async handshake(webhookId: number): Promise<void> {
    const hook = this.store.data.webhooks.find((w) => w.id === webhookId);
    if (!hook) return;
    const body = JSON.stringify({ data: { id: hook.id }, meta: { event: 'handshake', webhook_id: hook.id } });
    const result = await this.post(hook.url, body, { 'X-Hook-Secret': hook.shared_secret });
    this.record(hook, 'handshake', 1, body, null, result);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (ok && result.secret === hook.shared_secret && hook.status === 'pending') {
      hook.status = 'enabled';
      touch(hook);
    }
  }

  /** Queues the events for every enabled, unexpired hook subscribed to them; returns at once. */
  public dispatch(events: readonly ModelEvent[]): void {
    const generation = this.generation;
    for (const event of events) {
      for (const hook of this.store.data.webhooks) {
        if (hook.model !== event.model || hook.status !== 'enabled' || !hook.events.includes(event.event)) continue;
        if (Date.parse(hook.expires_at) < Date.now()) continue;
        const previous = this.queues.get(hook.id) ?? Promise.resolve();
        const next = previous.then(() => this.deliver(hook, event, generation));
        this.queues.set(hook.id, next);
        this.inFlight.add(next);
        void next.finally(() => this.inFlight.delete(next));
      }
    }
  }

  private payload(hook: SimWebhook, event: ModelEvent): { body: string; skip: boolean } {
    const resource = MODEL_RESOURCES[hook.model];
    if (!resource) return { body: '', skip: true };
    const selection = parseFields(hook.fields, resource);
    const data = project(event.view, selection, resource);
    const key = `${hook.id}:${String(event.view.id)}`;
    // Updates only fire when a watched field changed, except the first time a hook hears of a record.
    const unchanged =
      event.event === 'updated' &&
      event.before !== undefined &&
      this.seen.has(key) &&
      JSON.stringify(project(event.before, selection, resource)) === JSON.stringify(data);
    this.seen.add(key);
    return { body: JSON.stringify({ data, meta: { event: event.event, webhook_id: hook.id } }), skip: unchanged };
  }

  private async deliver(hook: SimWebhook, event: ModelEvent, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const { body, skip } = this.payload(hook, event);
    if (skip) return;
    const signature = createHmac('sha256', hook.shared_secret).update(body).digest('hex');
    for (let attempt = 1; attempt <= 1 + this.options.retries; attempt += 1) {
      const result = await this.post(hook.url, body, { 'X-Hook-Signature': signature });
      if (generation !== this.generation) return;
      this.record(hook, event.event, attempt, body, signature, result);
      if (result.status === 410) {
        hook.status = 'suspended';
        touch(hook);
        return;
      }
      if (result.status !== null && result.status >= 200 && result.status < 400) return;
      if (attempt > this.options.retries) return;
      const signal = this.abort.signal;
      await delay(this.options.retryDelayMs * 2 ** (attempt - 1), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
    }
  }

  private record(hook: SimWebhook, event: string, attempt: number, body: string, signature: string | null, result: PostResult): void {
    this.store.data.webhookDeliveries.push({
      webhook_id: hook.id,
      url: hook.url,
      event,
      attempt,
      body,
      signature,
      status: result.status,
      ...(result.error === undefined ? {} : { error: result.error }),
      at: nowIso(),
    });
  }

  private async post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Clio-Webhooks (simulator)', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.abort.signal]),
      });
      await response.arrayBuffer();
      const secret = response.headers.get('x-hook-secret');
      return secret === null ? { status: response.status } : { status: response.status, secret };
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
