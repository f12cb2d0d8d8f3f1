// adapter (API Gateway request) --> (use case: verify, normalise, deduplicate, enqueue) --> provider adapter & ports
import { canonicalEventSchema, eventIdOf, type CanonicalEvent, type Provider } from '../domain/canonical-event.js';
import { RefusedError, ValidationError, type RefusalKind } from '../domain/errors.js';
import { mediaType } from '../domain/media-type.js';
import { admissionOf, windowOf, type FairnessPolicy, type Lane } from '../domain/fairness.js';
import { deduplicationIdOf } from '../domain/queueing.js';
import { logger } from '../observability/logger.js';
import { emitMetric } from '../observability/metrics.js';
import { MetricName } from '../observability/metric-names.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { Clock } from '../ports/clock.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { TenantAdmission } from '../ports/tenant-admission.js';
import type { TenantStore } from '../ports/tenant-store.js';
import type { HttpResponse } from '../domain/http-response.js';
import type { CallFragment, InboundWebhook, ParseContext, ParsedWebhook, WebhookProvider, WebhookProviders } from '../ports/webhook-provider.js';

/** Webhooks are small; anything larger is not a provider's callback (and would not fit an SQS message). */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

/** The tenant ids the admin API creates and serves (`/v1/tenants/{id}`): lower-case slugs, at most 64 characters. */
const TENANT_ID = /^[a-z0-9-]{1,64}$/;

export interface WebhookIngestDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly queue: EventQueue;
  readonly dedup: DedupStore;
  readonly callState: CallStateStore;
  readonly providers: WebhookProviders;
  /** The public base URL providers are configured with (scheme, host, base path). */
  readonly publicBaseUrl: string;
  readonly clock: Clock;
  /** See `ParseContext.settleSeconds`. */
  readonly callSettleSeconds: number;
  /** Counts each tenant's verified callbacks, for {@link fairness}. */
  readonly admission: TenantAdmission;
  /** Each tenant's share of the main lane, and its ceiling (docs/fairness.md). */
  readonly fairness: FairnessPolicy;
}

export interface WebhookRoute {
  readonly tenantId: string;
  readonly provider: string;
  readonly correlationId: string;
}

class EnqueueFailed extends Error {}

// What SQS accepts in a message body and its attributes (the eventId attribute carries the provider's id as is).
const NOT_SQS_TEXT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The event with every character SQS refuses (NUL and other controls, lone surrogates, U+FFFE/U+FFFF) replaced by
 * U+FFFD: a signed callback carrying one would otherwise be refused by the queue on every retry (a 503 loop).
 */
const queueable = (event: CanonicalEvent): CanonicalEvent =>
  JSON.parse(JSON.stringify(event), (_key, value: unknown) => (typeof value === 'string' ? value.replace(NOT_SQS_TEXT, '\uFFFD') : value)) as CanonicalEvent;

/** Verify the callback on its raw bytes, turn it into canonical events, queue each once, answer fast. */
export const createWebhookIngest = (deps: WebhookIngestDeps) => {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  /**
   * Queues an event unless it was queued before (within the dedup window); true when queued now. The queue comes
   * first and the memory of it second: a crash or timeout in between leaves the event unremembered, and the
   * provider's retry queues it again, which the FIFO queue's deduplication (5 minutes) or the processor's
   * idempotency (72 hours) turns into nothing. Remembering first would turn the retry away with nothing queued.
   */
  const queueOnce = async (event: CanonicalEvent, lane: Lane): Promise<boolean> => {
    const key = deduplicationIdOf(event);
    if (await deps.dedup.seen(key)) return false;
    try {
      await deps.queue.enqueue(event, { lane });
    } catch (error) {
      throw new EnqueueFailed('The event could not be queued', { cause: error });
    }
    await deps.dedup.remember(key, event.tenantId);
    return true;
  };

  /** What the fragments add up to, each event read as the processor reads it (its free text cut to its bounds). */
  const assembled = (provider: WebhookProvider, fragments: readonly CallFragment[], ctx: ParseContext) => {
    try {
      return (provider.assemble?.(fragments, ctx) ?? []).map((event) => canonicalEventSchema.safeParse(queueable(event)));
    } catch (cause) {
      throw new ValidationError('malformed_payload', `${provider.name} callback: its call cannot be assembled with it`, { cause });
    }
  };

  /**
   * A fragment is stored only if its call, with it, still adds up to events the processor reads: a stored callback
   * that did not would fail every later callback of its call (and a provider that is refused often enough stops
   * sending). The sender of the bad one hears of it, and nothing of it is kept.
   */
  const eventsOf = async (provider: WebhookProvider, parsed: Exclude<ParsedWebhook, { type: 'ignored' }>, ctx: ParseContext) => {
    if (parsed.type === 'event') return [canonicalEventSchema.safeParse(queueable(parsed.event))];
    const stored = await deps.callState.fragments(ctx.tenantId, provider.name, parsed.callKey);
    const trial = assembled(provider, [...stored, parsed.fragment], ctx);
    if (trial.some((result) => !result.success)) return trial;
    return assembled(provider, await deps.callState.append(ctx.tenantId, provider.name, parsed.callKey, parsed.fragment), ctx);
  };

  return async (request: InboundWebhook, route: WebhookRoute): Promise<HttpResponse> => {
    const provider = Object.hasOwn(deps.providers, route.provider) ? deps.providers[route.provider as Provider] : undefined;
    /** The refusal to throw, counted and logged once (the HTTP layer answers it). */
    const reject = (kind: RefusalKind, code: string, message: string, retryAfterSeconds?: number): RefusedError => {
      emitMetric(MetricName.WebhookRejected, { provider: provider?.name ?? 'unknown', code });
      logger.warn('Webhook rejected', { tenantId: route.tenantId, provider: route.provider, code });
      return new RefusedError(kind, code, message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
    };
    if (!provider) throw reject('not_found', 'unknown_provider', `No webhook route for provider '${route.provider}'`);
    if (request.body.length > MAX_WEBHOOK_BYTES) throw reject('too_large', 'payload_too_large', `Body exceeds ${MAX_WEBHOOK_BYTES} bytes`);
    // Ids the admin API can never create are unknown without a lookup (a 3 KB id would exceed DynamoDB's key size: a 500).
    const tenant = TENANT_ID.test(route.tenantId) ? await deps.tenants.get(route.tenantId) : undefined;
    // An unknown tenant is answered as a tenant without this provider's credentials: the webhook routes do not tell
    // anyone which tenants exist, nor which phone systems they use.
    const secret = tenant ? await deps.secrets.providerSecret(tenant.id, provider.name) : undefined;
    const handshake = provider.handshake?.(request, secret);
    if (handshake) return handshake;
    if (!(provider.methods ?? ['POST']).some((method) => method === request.method)) {
      throw reject('method_not_allowed', 'method_not_allowed', `${provider.name} callbacks are sent with ${(provider.methods ?? ['POST']).join(' or ')}`);
    }
    // A GET carries its parameters in the query, and no body to type.
    const { contentTypes } = provider;
    if (request.method !== 'GET' && contentTypes !== 'any' && !contentTypes.includes(mediaType(request.headers['content-type']))) {
      throw reject('unsupported_media_type', 'unsupported_media_type', `Content-Type must be one of ${contentTypes.join(', ')}`);
    }
    if (!tenant || secret === undefined)
      throw reject('unauthenticated', 'provider_not_configured', `No ${provider.name} credentials are configured for this webhook URL`);
    const publicUrl = `${base}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
    const verdict = provider.verify(request, secret, { publicUrl, now: deps.clock.now() });
    if (!verdict.ok) {
      // A provider that retries some answers gets that answer, so that its retry brings the callback signed.
      const retry = provider.unverified?.(verdict.code);
      throw retry ? reject('rate_limited', verdict.code, verdict.message, retry.retryAfterSeconds) : reject('unauthenticated', verdict.code, verdict.message);
    }
    // Counted once verified: only the tenant's own phone system (or whoever holds its secret) moves its count.
    const now = deps.clock.now();
    const window = windowOf(now, deps.fairness);
    const admission = admissionOf(await deps.admission.count(tenant.id, window), window, now, deps.fairness);
    if (!admission.admitted) {
      throw reject('rate_limited', 'tenant_rate_limited', 'Too many callbacks for this tenant; retry later', admission.retryAfterSeconds);
    }

    const ctx: ParseContext = {
      tenantId: tenant.id,
      settings: tenant.settings,
      receivedAt: deps.clock.now(),
      correlationId: route.correlationId,
      settleSeconds: deps.callSettleSeconds,
    };
    let parsed: ParsedWebhook;
    let checked: Awaited<ReturnType<typeof eventsOf>>;
    try {
      parsed = provider.parse(request, ctx);
      if (parsed.type === 'ignored') {
        emitMetric(MetricName.WebhookIgnored, { provider: provider.name });
        logger.debug('Webhook ignored', { tenantId: tenant.id, provider: provider.name, reason: parsed.reason });
        return provider.accepted();
      }
      // The processor reads only canonical events: one that is not (a date past year 9999, a duration of 1e308) would
      // go to the DLQ after five tries; the sender hears of it now instead. What is queued is the parsed event, its
      // free text cut to its bounds.
      checked = await eventsOf(provider, parsed, ctx);
    } catch (error) {
      if (error instanceof ValidationError) throw reject('invalid', error.code, error.message);
      throw error;
    }
    const unreadable = checked.map((result) => result.error).find((error) => error !== undefined);
    if (unreadable) {
      const issue = unreadable.issues[0];
      throw reject('invalid', 'malformed_payload', `${provider.name} callback: ${issue?.path.join('.') || 'event'} ${issue?.message ?? 'is invalid'}`);
    }
    const events = checked.flatMap((result) => (result.success ? [result.data] : []));
    try {
      for (const event of events) {
        const queued = await queueOnce(event, admission.lane);
        emitMetric(queued ? MetricName.WebhookAccepted : MetricName.WebhookIgnored, { provider: provider.name });
        logger.info(queued ? 'Event queued' : 'Duplicate event not queued again', {
          tenantId: tenant.id,
          eventId: eventIdOf(event),
          kind: event.kind,
          lane: admission.lane,
        });
      }
    } catch (error) {
      if (!(error instanceof EnqueueFailed)) throw error;
      logger.error('Enqueueing failed', { tenantId: tenant.id, provider: provider.name, error });
      throw reject('unavailable', 'enqueue_failed', 'The event could not be queued; retry later');
    }
    return provider.accepted();
  };
};
