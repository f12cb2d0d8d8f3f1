import type { WebhookProvider } from '../../../ports/webhook-provider.js';
import { assembleZoomCall } from './zoom.assemble.js';
import { normaliseZoom } from './zoom.normalise.js';
import { verifyZoomSignature, zoomHandshake } from './zoom.signature.js';

/**
 * Zoom Phone webhooks (docs/providers/zoom.md): `x-zm-signature` HMAC-SHA256 over `v0:timestamp:body`, the
 * `endpoint.url_validation` challenge; every user's call history, the voicemail and the recordings of one call are
 * assembled into one log; SMS are direct.
 */
export const zoomProvider: WebhookProvider = {
  name: 'zoom',
  contentTypes: ['application/json'],
  handshake: zoomHandshake,
  verify: verifyZoomSignature,
  parse: normaliseZoom,
  assemble: assembleZoomCall,
  // Zoom wants a 200 or 204 within 3 s, else it retries after 5, 20 and 60 minutes.
  accepted: () => ({ statusCode: 204, headers: {}, body: '' }),
};
