import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpResponse } from '../../../domain/http-response.js';
import type { InboundWebhook, Verification } from '../../../ports/webhook-provider.js';

// RingCentral refuses a validation answer over 1024 bytes, headers included (SUB-525); printable ASCII only.
const TOKEN = /^[\x21-\x7e]{1,512}$/;

/**
 * RingCentral's subscription handshake: a request carrying `Validation-Token` is answered 200 with the same header
 * and an empty body (developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks). Nothing else is
 * checked: RingCentral sends it before the subscription, and so its verification token, exists.
 */
export const ringCentralHandshake = (request: InboundWebhook): HttpResponse | undefined => {
  const token = request.headers['validation-token'];
  if (token === undefined || !TOKEN.test(token)) return undefined;
  return { statusCode: 200, headers: { 'Validation-Token': token, 'content-type': 'application/json' }, body: '' };
};

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * RingCentral signs nothing: every notification carries the subscription's `verificationToken` in the
 * `Verification-Token` header, compared here in constant time (hashed first so the length leaks nothing either).
 */
export const verifyRingCentralToken = (request: InboundWebhook, verificationToken: string): Verification => {
  const header = request.headers['verification-token'];
  if (!header) return { ok: false, code: 'signature_missing', message: 'Verification-Token header is missing' };
  return timingSafeEqual(digest(header), digest(verificationToken))
    ? { ok: true }
    : { ok: false, code: 'signature_invalid', message: 'Verification-Token does not match' };
};
