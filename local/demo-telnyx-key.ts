/**
 * The private half of the demo tenant's default Telnyx public key (`DEMO_TELNYX_PUBLIC_KEY`), published so
 * anyone can sign a Telnyx callback for the local demo firm. Never use it for a real account.
 */
export const DEMO_TELNYX_PRIVATE_KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGNhbGwtY29ubmVjdG9yLWRlbW8tdGVsbnl4LWtleSEh\n-----END PRIVATE KEY-----\n';
