import { createHmac } from 'node:crypto';
import { bytesOf, unixSeconds, type Signer } from './signer.js';

/** Zoom: `x-zm-signature` is `v0=` and the hex HMAC-SHA256 of `v0:timestamp:body` with the secret token. */
export const zoomSigner: Signer = {
  sign: (secretToken, { url, body, at }) => {
    const bytes = bytesOf(body);
    const timestamp = String(unixSeconds(at));
    const mac = createHmac('sha256', secretToken)
      .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), bytes]))
      .digest('hex');
    return { url, headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': `v0=${mac}` }, body: bytes };
  },
};
