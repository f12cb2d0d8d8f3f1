import { createHash, createHmac } from 'node:crypto';
import type { InboundWebhook, Verification, VerifyContext } from '../../../ports/webhook-provider.js';
import { sameText as equal } from '../../../domain/same-text.js';

/** Twilio's signing string: the URL, then every POST parameter sorted by name (repeated names: sorted unique values). */
const signingString = (url: string, params: URLSearchParams): string => {
  const keys = [...new Set(params.keys())].sort();
  return keys.reduce((data, key) => {
    const values = [...new Set(params.getAll(key))].sort();
    return values.reduce((acc, value) => acc + key + value, data);
  }, url);
};

const sign = (authToken: string, data: string): string => createHmac('sha1', authToken).update(data, 'utf8').digest('base64');

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'https:': '443', 'http:': '80' };

/**
 * The URL as configured, without and with its scheme's default port: Twilio signs the URL as the firm typed it,
 * and twilio-node's `validateRequest` accepts each of these forms.
 */
const urlForms = (url: string): string[] => {
  const parts = /^(https?:)\/\/([^/?#:]+)(?::(\d+))?(.*)$/i.exec(url);
  const defaultPort = parts ? DEFAULT_PORTS[(parts[1] ?? '').toLowerCase()] : undefined;
  if (!parts || !defaultPort || (parts[3] !== undefined && parts[3] !== defaultPort)) return [url];
  const [, scheme, host, , rest] = parts;
  return [url, `${scheme}//${host}${rest}`, `${scheme}//${host}:${defaultPort}${rest}`].filter((form, i, all) => all.indexOf(form) === i);
};

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
    return equal(actual, bodyHash.toLowerCase()) && urlForms(publicUrl).some((url) => equal(sign(authToken, url), header)) ? { ok: true } : invalid;
  }
  // A GET's parameters are in the URL it signs.
  const params = new URLSearchParams(request.method === 'GET' ? '' : request.body.toString('utf8'));
  return urlForms(publicUrl).some((url) => equal(sign(authToken, signingString(url, params)), header)) ? { ok: true } : invalid;
};
