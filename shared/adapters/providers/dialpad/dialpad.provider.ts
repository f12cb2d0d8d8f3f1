import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { normaliseDialpad } from './dialpad.normalise.js';
import { verifyDialpadJwt } from './dialpad.signature.js';

/**
 * Dialpad call and SMS event subscriptions (telephony-webhooks.md §4): the body is an HS256 JWT signed with the
 * webhook secret, sent with whatever Content-Type Dialpad chooses.
 */
export const dialpadProvider: WebhookProvider = {
  name: 'dialpad',
  contentTypes: ['application/jwt', 'text/plain', 'application/json'],
  verify: verifyDialpadJwt,
  parse: normaliseDialpad,
  // Dialpad retries 5xx only, within a 5 s timeout.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
};
