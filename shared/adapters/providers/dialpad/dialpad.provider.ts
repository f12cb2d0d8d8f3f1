import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleDialpadCall } from './dialpad.assemble.js';
import { normaliseDialpad } from './dialpad.normalise.js';
import { verifyDialpadJwt } from './dialpad.signature.js';

/**
 * Dialpad call and SMS event subscriptions (docs/providers/dialpad.md): the body is an HS256 JWT signed with the
 * webhook secret. Dialpad's docs name no Content-Type for it, so any is accepted: the body says what it is. Call
 * events are fragments of a call (one per leg and state), assembled once the call has ended; messages are direct.
 */
export const dialpadProvider: WebhookProvider = {
  name: 'dialpad',
  contentTypes: 'any',
  verify: verifyDialpadJwt,
  parse: normaliseDialpad,
  assemble: assembleDialpadCall,
  // Dialpad retries 5xx only, within a 5 s timeout.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
};
