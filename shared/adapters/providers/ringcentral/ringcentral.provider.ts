import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleRingCentralCall } from './ringcentral.assemble.js';
import { assembleMessageChanges } from './ringcentral.changes.js';
import { normaliseRingCentral } from './ringcentral.normalise.js';
import { ringCentralHandshake, verifyRingCentralToken } from './ringcentral.signature.js';

/**
 * RingCentral webhook subscriptions (docs/providers/ringcentral.md): the `Validation-Token` handshake, then a
 * `Verification-Token` on every notification. Telephony session events are assembled per `telephonySessionId`;
 * SMS, fax and voicemail message events are logged as they come; a message-store change names new SMS to be read.
 */
export const ringCentralProvider: WebhookProvider = {
  name: 'ringcentral',
  contentTypes: ['application/json'],
  handshake: ringCentralHandshake,
  verify: verifyRingCentralToken,
  parse: normaliseRingCentral,
  assemble: (fragments, ctx) => [...assembleRingCentralCall(fragments, ctx), ...assembleMessageChanges(fragments, ctx)],
  // RingCentral blacklists a subscription whose notifications get anything but 200 within 3 s.
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '' }),
};
