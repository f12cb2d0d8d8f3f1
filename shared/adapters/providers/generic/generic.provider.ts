import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import * as z from 'zod';
import { canonicalEventSchema } from '../../../domain/canonical-event.js';
import { ValidationError } from '../../../domain/errors.js';
import { toE164 } from '../../../domain/phone.js';
import { jsonBody } from '../kit.js';
import type { InboundWebhook, Verification, WebhookProvider } from '../../../ports/webhook-provider.js';

/**
 * The canonical event as an integrator sends it: we fill in the tenant (from the route), the provider and the
 * correlation id; `providerEventId` defaults to the `webhook-id` header. What only our own providers set (a call's
 * assembly, a provider account to read from) is not the sender's to say.
 */
const genericEventSchema = canonicalEventSchema
  .omit({ schemaVersion: true, tenantId: true, provider: true, correlationId: true, providerEventId: true, media: true, assembly: true, providerAccount: true })
  .extend({ providerEventId: z.string().min(1).max(200).optional(), media: canonicalEventSchema.shape.media.default([]) })
  .strict();

const headersOf = (request: InboundWebhook) => ({
  'webhook-id': request.headers['webhook-id'] ?? '',
  'webhook-timestamp': request.headers['webhook-timestamp'] ?? '',
  'webhook-signature': request.headers['webhook-signature'] ?? '',
});

const verify = (request: InboundWebhook, secret: string): Verification => {
  const headers = headersOf(request);
  if (!headers['webhook-id'] || !headers['webhook-timestamp'] || !headers['webhook-signature']) {
    return { ok: false, code: 'signature_missing', message: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    // The admin API stores any string; one that is not base64 (`whsec_…`) can verify nothing.
    return { ok: false, code: 'signature_invalid', message: 'The configured secret is not a whsec_ base64 secret' };
  }
  try {
    // jsonParse off: the library parses after a match and would throw a SyntaxError (a 500); parse() answers 400.
    webhook.verify(request.body, headers, { jsonParse: false });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return /timestamp/i.test(error.message)
      ? { ok: false, code: 'timestamp_stale', message: 'webhook-timestamp is more than 5 minutes away' }
      : { ok: false, code: 'signature_invalid', message: 'webhook-signature does not match' };
  }
};

/**
 * Our own signed JSON route (Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`, `whsec_` secret): lets
 * integrators and tests send any kind of event, fax and voicemail included, from any system.
 */
export const genericProvider: WebhookProvider = {
  name: 'generic',
  contentTypes: ['application/json'],
  verify,
  parse(request, ctx) {
    const parsed = genericEventSchema.safeParse(jsonBody(request, 'Generic event'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError('malformed_payload', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const { providerEventId, ...event } = parsed.data;
    const e164 = event.external.e164 ?? toE164(event.external.raw, ctx.settings.defaultCountry);
    return {
      type: 'event',
      event: {
        ...event,
        external: { ...event.external, ...(e164 ? { e164 } : {}) },
        schemaVersion: 1,
        tenantId: ctx.tenantId,
        provider: 'generic',
        correlationId: ctx.correlationId,
        providerEventId: providerEventId ?? headersOf(request)['webhook-id'],
      },
    };
  },
  accepted: () => ({ statusCode: 202, headers: { 'content-type': 'application/json' }, body: '{"status":"accepted"}' }),
};
