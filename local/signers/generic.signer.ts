import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { bytesOf, unixSeconds, type Signer } from './signer.js';

/** Our generic route: Standard Webhooks, signed by its reference library with the tenant's `whsec_` secret. */
export const genericSigner: Signer = {
  sign: (secret, { url, body, at = new Date(), deliveryId = `msg_${randomUUID()}` }) => {
    // The library signs text: bytes that are not UTF-8 are sent as the text it signed.
    const text = bytesOf(body).toString('utf8');
    return {
      url,
      headers: {
        'content-type': 'application/json',
        'webhook-id': deliveryId,
        'webhook-timestamp': String(unixSeconds(at)),
        'webhook-signature': new Webhook(secret).sign(deliveryId, at, text),
      },
      body: Buffer.from(text, 'utf8'),
    };
  },
};
