import { createPrivateKey, sign } from 'node:crypto';

/**
 * The private half of the demo tenant's default Telnyx public key (`DEMO_TELNYX_PUBLIC_KEY`), published so
 * anyone can sign a Telnyx callback for the local demo firm. Never use it for a real account.
 */
export const DEMO_TELNYX_PRIVATE_KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGNhbGwtY29ubmVjdG9yLWRlbW8tdGVsbnl4LWtleSEh\n-----END PRIVATE KEY-----\n';

/** Telnyx's headers for a body: Ed25519 over `timestamp|body`. */
export const telnyxHeaders = (body: string, timestamp = Math.floor(Date.now() / 1000), pem = DEMO_TELNYX_PRIVATE_KEY_PEM): Record<string, string> => ({
  'content-type': 'application/json',
  'telnyx-timestamp': String(timestamp),
  'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), createPrivateKey(pem)).toString('base64'),
});
