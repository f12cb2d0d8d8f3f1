import type { CanonicalEvent, Provider } from '../domain/canonical-event.js';
import type { HttpResponse } from '../domain/http-response.js';
import type { Settings } from '../domain/settings.js';

/** A provider's callback as it reached us: the raw bytes, before any parser touched them. */
export interface InboundWebhook {
  readonly method: string;
  /** The path as received, e.g. `/v1/tenants/demo/webhooks/twilio`. */
  readonly path: string;
  /** The raw query string without `?` ('' when none). */
  readonly rawQuery: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export type VerificationFailure = 'signature_missing' | 'signature_invalid' | 'timestamp_stale';

/** A callback that failed verification answered as rate-limited (429 with `Retry-After`) instead of a 401: never accepted. */
export interface UnverifiedAnswer {
  readonly retryAfterSeconds: number;
}

export type Verification = { readonly ok: true } | { readonly ok: false; readonly code: VerificationFailure; readonly message: string };

export interface VerifyContext {
  /** The canonical public URL the provider called (base + path + query), never rebuilt from `Host`. */
  readonly publicUrl: string;
  /** Our clock, for timestamp freshness (±300 s where the provider signs a timestamp). */
  readonly now: Date;
}

/**
 * A piece of a call that the provider reports over several callbacks (Telnyx `call.initiated` / `call.answered` /
 * `call.hangup`, RingCentral session events, a recording that arrives after hangup). JSON-serialisable: it is
 * stored per call until the call can be assembled.
 */
export interface CallFragment {
  /** The provider's dedup key of the callback this fragment came from. */
  readonly eventKey: string;
  /** The provider's callback type, e.g. `call.hangup`. */
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type ParsedWebhook =
  | { readonly type: 'event'; readonly event: CanonicalEvent }
  /** Part of a call: stored under `callKey` (the provider's call id) and handed to `assemble` with its siblings. */
  | { readonly type: 'fragment'; readonly callKey: string; readonly fragment: CallFragment }
  | { readonly type: 'ignored'; readonly reason: string };

export interface ParseContext {
  readonly tenantId: string;
  readonly settings: Settings;
  readonly receivedAt: Date;
  readonly correlationId: string;
  /**
   * How long after the callback that ends a call its other callbacks (legs, Dial results, recordings) may still
   * arrive: an assembled call is logged once this has passed (docs/calls.md).
   */
  readonly settleSeconds: number;
}

/** One phone system's callbacks: how they are signed, read and answered. */
export interface WebhookProvider {
  readonly name: Provider;
  /**
   * Media types the provider sends (without parameters); anything else is a 415. `any` where the provider does not
   * pin it down and the body says what it is (Dialpad's JWT).
   */
  readonly contentTypes: readonly string[] | 'any';
  /** HTTP methods the provider calls with; anything else is a 405. @default ['POST'] */
  readonly methods?: readonly ('POST' | 'GET')[];
  /**
   * Subscription handshakes answered before anything else is checked (RingCentral's `Validation-Token` echo,
   * Zoom's `endpoint.url_validation`); undefined when the request is not one.
   * @param secret the tenant's credential for this provider, when it has one
   */
  handshake?(request: InboundWebhook, secret: string | undefined): HttpResponse | undefined;
  verify(request: InboundWebhook, secret: string, context: VerifyContext): Verification;
  /**
   * The status (and headers) a callback that failed verification is answered with, where the provider documents
   * that some answer brings the callback again, signed (Vonage: an unsigned callback answered 429 or 5xx is
   * retried); undefined, and for providers without it, a 401. Never a way to accept the callback.
   */
  unverified?(failure: VerificationFailure): UnverifiedAnswer | undefined;
  /** @throws ValidationError when the verified payload is malformed. */
  parse(request: InboundWebhook, context: ParseContext): ParsedWebhook;
  /**
   * The events a call's fragments add up to so far (none until the call has ended). Pure, and tolerant of any
   * order and of duplicates: fragments arrive as the provider sends them. Emitting an event again is harmless
   * (it is deduplicated on its provider event key). The call event carries `assembly`: the processor runs this
   * again over every fragment stored by `settleUntil`, and logs what that says.
   */
  assemble?(fragments: readonly CallFragment[], context: ParseContext): readonly CanonicalEvent[];
  /** The 2xx answer the provider expects for an accepted or ignored callback. */
  accepted(): HttpResponse;
}

/** Every provider's adapter, by name: a provider named without one does not compile. */
export type WebhookProviders = Readonly<Record<Provider, WebhookProvider>>;
