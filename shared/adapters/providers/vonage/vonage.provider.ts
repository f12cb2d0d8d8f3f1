import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleVonageCall } from './vonage.assemble.js';
import { normaliseVonage } from './vonage.normalise.js';
import { verifyVonageJwt } from './vonage.signature.js';

/** How long Vonage is asked to wait before it delivers an unsigned callback again. */
const RETRY_AFTER_SECONDS = 60;

/**
 * Vonage Voice API event webhooks and Messages API callbacks (docs/providers/vonage.md), signed with an
 * `Authorization: Bearer` HS256 JWT carrying the body's SHA-256. A call's leg events and recordings are fragments
 * of its conversation, assembled once the call has ended.
 */
export const vonageProvider: WebhookProvider = {
  name: 'vonage',
  contentTypes: ['application/json'],
  verify: verifyVonageJwt,
  parse: normaliseVonage,
  assemble: assembleVonageCall,
  // Vonage may send a callback unsigned after an internal error, and signs the retry it makes on a 429 or 5xx
  // (developer.vonage.com/en/messages/concepts/signed-webhooks). A 429 asks for that retry without counting as our
  // failure; a wrong or stale signature stays a 401, which is never retried.
  unverified: (failure) => (failure === 'signature_missing' ? { retryAfterSeconds: RETRY_AFTER_SECONDS } : undefined),
  // Vonage retries Messages webhooks on 429/5xx for 24 h; a 200 ends it.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
};
