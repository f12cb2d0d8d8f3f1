import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleRingCentralCall } from './ringcentral.assemble.js';
import { normaliseRingCentral } from './ringcentral.normalise.js';
import { ringCentralHandshake, verifyRingCentralToken } from './ringcentral.signature.js';

/**
 * RingCentral webhook subscriptions (telephony-webhooks.md §3): the `Validation-Token` handshake, then a
 * `Verification-Token` on every notification. Telephony session events are assembled per `telephonySessionId`;
 * SMS, fax and voicemail message events are logged as they come.
 */
export const ringCentralProvider: WebhookProvider = {
  name: 'ringcentral',
  contentTypes: ['application/json'],
  handshake: ringCentralHandshake,
  verify: verifyRingCentralToken,
  parse: normaliseRingCentral,
  assemble: assembleRingCentralCall,
  // RingCentral blacklists a subscription whose notifications get anything but 200 within 3 s.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '' }),
};
