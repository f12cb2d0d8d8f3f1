import { createPrivateKey, sign } from 'node:crypto';
import { bytesOf, unixSeconds, type Signer } from './signer.js';

/** Telnyx: Ed25519 over `timestamp|body` with the account's private key (PEM); the tenant holds the public half. */
export const telnyxSigner: Signer = {
  sign: (privateKeyPem, { url, body, at }) => {
    const bytes = bytesOf(body);
    const timestamp = String(unixSeconds(at));
    const signature = sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), bytes]), createPrivateKey(privateKeyPem)).toString('base64');
    return { url, headers: { 'content-type': 'application/json', 'telnyx-timestamp': timestamp, 'telnyx-signature-ed25519': signature }, body: bytes };
  },
};
