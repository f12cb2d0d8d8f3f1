import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';
import { sameText } from '../../../domain/same-text.js';
import { hs256Valid } from '../kit.js';

/** How far `iat` may be from our clock. */
export const VONAGE_TOLERANCE_SECONDS = 300;

const BEARER = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i;

const sameHex = (a: string, b: string): boolean => sameText(a.toLowerCase(), b.toLowerCase());

/**
 * Verifies a Vonage signed webhook (developer.vonage.com/en/getting-started/concepts/webhooks#decoding-signed-webhooks):
 * `Authorization: Bearer <JWT>`, HS256 with the account's signature secret, whose `payload_hash` claim is the hex
 * SHA-256 of the raw body (the JWT alone does not cover the body) and whose `iat` is within ±300 s.
 */
export const verifyVonageJwt = (request: InboundWebhook, signatureSecret: string, { now }: VerifyContext): Verification => {
  const token = BEARER.exec(request.headers.authorization?.trim() ?? '')?.[1];
  if (!token) return { ok: false, code: 'signature_missing', message: 'Authorization: Bearer <JWT> header is missing' };
  if (!hs256Valid(token, signatureSecret))
    return { ok: false, code: 'signature_invalid', message: 'The JWT is not an HS256 signature by the signature secret' };
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return { ok: false, code: 'signature_invalid', message: 'The JWT claims are not a JSON object' };
  }
  const { payload_hash: payloadHash, iat } = claims;
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  if (typeof payloadHash !== 'string' || !sameHex(payloadHash, bodyHash)) {
    return { ok: false, code: 'signature_invalid', message: 'payload_hash does not match the body' };
  }
  if (typeof iat !== 'number' || Math.abs(now.getTime() / 1000 - iat) > VONAGE_TOLERANCE_SECONDS) {
    return { ok: false, code: 'timestamp_stale', message: `The JWT was not issued within ${VONAGE_TOLERANCE_SECONDS} s of now` };
  }
  return { ok: true };
};
