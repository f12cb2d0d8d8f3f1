import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';

/** Telnyx (and Standard Webhooks) accept a signature whose timestamp is within five minutes of our clock. */
export const TELNYX_TOLERANCE_SECONDS = 300;

// The DER prefix of an Ed25519 SubjectPublicKeyInfo: node:crypto needs it around the raw 32-byte key the portal shows.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const publicKeyOf = (base64Key: string): KeyObject | undefined => {
  const raw = Buffer.from(base64Key.trim(), 'base64');
  if (raw.length !== 32) return undefined;
  try {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
};

/**
 * Verifies `telnyx-signature-ed25519` (base64 Ed25519 over `${telnyx-timestamp}|${raw body}`) with the account's
 * public key (base64, 32 bytes, as Mission Control shows it), after checking the timestamp is within ±300 s.
 */
export const verifyTelnyxSignature = (request: InboundWebhook, publicKey: string, { now }: VerifyContext): Verification => {
  const signature = request.headers['telnyx-signature-ed25519'];
  const timestamp = request.headers['telnyx-timestamp'];
  if (!signature || !timestamp) return { ok: false, code: 'signature_missing', message: 'telnyx-signature-ed25519 or telnyx-timestamp header is missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > TELNYX_TOLERANCE_SECONDS) {
    return { ok: false, code: 'timestamp_stale', message: `telnyx-timestamp is more than ${TELNYX_TOLERANCE_SECONDS} s from now` };
  }
  const key = publicKeyOf(publicKey);
  if (!key) return { ok: false, code: 'signature_invalid', message: 'The configured Telnyx public key is not a base64 32-byte Ed25519 key' };
  const bytes = Buffer.from(signature, 'base64');
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), request.body]);
  return bytes.length === 64 && verify(null, signed, key, bytes)
    ? { ok: true }
    : { ok: false, code: 'signature_invalid', message: 'telnyx-signature-ed25519 does not match' };
};
