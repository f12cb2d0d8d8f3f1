import type { CanonicalEvent, Provider } from '../domain/canonical-event.js';
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

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Verification = { readonly ok: true } | { readonly ok: false; readonly code: 'signature_missing' | 'signature_invalid'; readonly message: string };

export type ParsedWebhook =
  | { readonly type: 'event'; readonly event: CanonicalEvent }
  | { readonly type: 'ignored'; readonly reason: string };

export interface ParseContext {
  readonly tenantId: string;
  readonly settings: Settings;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

/** One phone system's callbacks: how they are signed, read and answered. */
export interface WebhookProvider {
  readonly name: Provider;
  /** Media types the provider sends (without parameters); anything else is a 415. */
  readonly contentTypes: readonly string[];
  /** @param publicUrl the canonical public URL the provider called (base + path + query), never rebuilt from `Host`. */
  verify(request: InboundWebhook, secret: string, publicUrl: string): Verification;
  /** @throws ValidationError when the verified payload is malformed. */
  parse(request: InboundWebhook, context: ParseContext): ParsedWebhook;
  /** The 200 answer the provider expects for an accepted or ignored callback. */
  accepted(): HttpResponse;
}
