import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';

const equal = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Twilio's signing string: the URL, then every POST parameter sorted by name (repeated names: sorted unique values). */
const signingString = (url: string, params: URLSearchParams): string => {
  const keys = [...new Set(params.keys())].sort();
  return keys.reduce((data, key) => {
    const values = [...new Set(params.getAll(key))].sort();
    return values.reduce((acc, value) => acc + key + value, data);
  }, url);
};

const sign = (authToken: string, data: string): string => createHmac('sha1', authToken).update(data, 'utf8').digest('base64');

/**
 * Verifies `X-Twilio-Signature` (HMAC-SHA1 over the public URL and the form parameters, or, for JSON bodies,
 * over the URL carrying `bodySHA256` with the body's hash checked too), in constant time.
 */
export const verifyTwilioSignature = (request: InboundWebhook, authToken: string, { publicUrl }: VerifyContext): Verification => {
  const header = request.headers['x-twilio-signature'];
  if (!header) return { ok: false, code: 'signature_missing', message: 'X-Twilio-Signature header is missing' };
  const invalid: Verification = { ok: false, code: 'signature_invalid', message: 'X-Twilio-Signature does not match' };

  const bodyHash = new URLSearchParams(request.rawQuery).get('bodySHA256');
  if (bodyHash !== null) {
    const actual = createHash('sha256').update(request.body).digest('hex');
    return equal(actual, bodyHash.toLowerCase()) && equal(sign(authToken, publicUrl), header) ? { ok: true } : invalid;
  }
  const params = new URLSearchParams(request.method === 'GET' ? '' : request.body.toString('utf8'));
  return equal(sign(authToken, signingString(publicUrl, params)), header) ? { ok: true } : invalid;
};
