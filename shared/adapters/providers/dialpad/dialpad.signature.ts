import { decodeJwt } from 'jose';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';
import { hs256Valid } from '../kit.js';

const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The compact JWT Dialpad sends as the whole body when its webhook has a secret. */
export const dialpadToken = (request: InboundWebhook): string => request.body.toString('utf8').trim();

/**
 * Verifies a Dialpad webhook: with a secret configured the body is an HS256 JWT signed with it, whatever the
 * Content-Type says (developers.dialpad.com, "Webhooks": signature `{type: jwt, algo: HS256}`). A plain JSON body
 * is what Dialpad sends without a secret, so it counts as unsigned. Dialpad puts no `exp` in its tokens; one that
 * carries an expired `exp` is stale.
 */
export const verifyDialpadJwt = (request: InboundWebhook, secret: string, { now }: VerifyContext): Verification => {
  const token = dialpadToken(request);
  if (!COMPACT_JWS.test(token)) return { ok: false, code: 'signature_missing', message: 'The body is not a JWT: the Dialpad webhook has no secret' };
  if (!hs256Valid(token, secret)) return { ok: false, code: 'signature_invalid', message: 'The JWT is not an HS256 signature by the webhook secret' };
  let exp: unknown;
  try {
    ({ exp } = decodeJwt(token));
  } catch {
    // Signed with the secret but its payload is not a JSON object: the parser answers that with a 400.
    return { ok: true };
  }
  if (typeof exp === 'number' && exp < now.getTime() / 1000) return { ok: false, code: 'timestamp_stale', message: 'The JWT has expired' };
  return { ok: true };
};
