import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleTelnyxCall } from './telnyx.assemble.js';
import { normaliseTelnyx } from './telnyx.normalise.js';
import { verifyTelnyxSignature } from './telnyx.signature.js';

/**
 * Telnyx Call Control, Messaging and Programmable Fax webhooks (docs/providers/telnyx.md): Ed25519-signed JSON.
 * Voice callbacks are fragments of a call session, assembled once the call has ended; messages and faxes are direct.
 */
export const telnyxProvider: WebhookProvider = {
  name: 'telnyx',
  contentTypes: ['application/json'],
  verify: verifyTelnyxSignature,
  parse: normaliseTelnyx,
  assemble: assembleTelnyxCall,
  // Telnyx only reads the status (messaging allows 2 s for it).
  accepted: () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
};
