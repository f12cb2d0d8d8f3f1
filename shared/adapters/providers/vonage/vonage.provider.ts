import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { normaliseVonage } from './vonage.normalise.js';
import { verifyVonageJwt } from './vonage.signature.js';

/**
 * Vonage Voice API event webhooks and Messages API inbound SMS (telephony-webhooks.md §4), signed with a
 * `Authorization: Bearer` HS256 JWT carrying the body's SHA-256.
 */
export const vonageProvider: WebhookProvider = {
  name: 'vonage',
  contentTypes: ['application/json'],
  verify: verifyVonageJwt,
  parse: normaliseVonage,
  // Vonage retries Messages webhooks on 429/5xx for 24 h; a 200 ends it.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
};
