import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { normaliseZoom } from './zoom.normalise.js';
import { verifyZoomSignature, zoomHandshake } from './zoom.signature.js';

/**
 * Zoom Phone webhooks (telephony-webhooks.md §4): `x-zm-signature` HMAC-SHA256 over `v0:timestamp:body`, the
 * `endpoint.url_validation` challenge, and completed call history, voicemail and SMS events.
 */
export const zoomProvider: WebhookProvider = {
  name: 'zoom',
  contentTypes: ['application/json'],
  handshake: zoomHandshake,
  verify: verifyZoomSignature,
  parse: normaliseZoom,
  // Zoom wants a 200 or 204 within 3 s, else it retries after 5, 20 and 60 minutes.
  accepted: () => ({ statusCode: 204, headers: {}, body: '' }),
};
