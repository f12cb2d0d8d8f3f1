import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { bytesOf, type Signer } from './signer.js';

/**
 * Twilio's form callbacks: `X-Twilio-Signature` over the URL and the form's parameters, computed by the `twilio`
 * package's own function (docs/providers/twilio.md).
 */
export const twilioSigner: Signer = {
  sign: (authToken, { url, body }) => {
    const bytes = bytesOf(body);
    const params = Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
    return {
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params) },
      body: bytes,
    };
  },
};

/** Twilio's JSON callbacks: the body's SHA-256 goes into the URL as `bodySHA256`, and the URL alone is signed. */
export const twilioJsonSigner: Signer = {
  sign: (authToken, { url, body }) => {
    const bytes = bytesOf(body);
    // Hashed as bytes: the package's getExpectedBodyHash takes text, which would alter bytes that are not UTF-8.
    const signedUrl = `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${createHash('sha256').update(bytes).digest('hex')}`;
    return {
      url: signedUrl,
      headers: { 'content-type': 'application/json', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, signedUrl, {}) },
      body: bytes,
    };
  },
};

/** A form body of Twilio's: its parameters form-encoded. */
export const twilioForm = (params: Readonly<Record<string, string>>): string => new URLSearchParams(params).toString();
