import { createHash, createHmac, createPrivateKey, randomUUID, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import { DEMO_TELNYX_PRIVATE_KEY_PEM } from '../../local/demo-telnyx-key.js';
import type { LocalStack } from '../../local/stack.js';
import type { Provider } from '../../shared/domain/canonical-event.js';
import type { RawRequest } from './fuzz-support.js';

const telnyxKey = createPrivateKey(DEMO_TELNYX_PRIVATE_KEY_PEM);
const b64url = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64url');

/**
 * The demo tenant's callback for `body`, signed exactly as the provider signs it, so the body itself (not the
 * signature check) is what meets the parser. Twilio form bodies are signed over their parsed parameters; with
 * `asJson` Twilio's JSON variant is used (`bodySHA256` in the URL). Dialpad's body becomes a JWT whose payload
 * segment is `body`, so even bytes that are not JSON arrive with a valid MAC.
 */
export const signedRequest = (stack: LocalStack, provider: Provider, body: Buffer, options: { asJson?: boolean } = {}): RawRequest => {
  const path = `/v1/tenants/demo/webhooks/${provider}`;
  const now = Math.floor(Date.now() / 1000);
  const json = { 'content-type': 'application/json' };
  switch (provider) {
    case 'twilio': {
      if (options.asJson) {
        const query = `?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
        const signature = twilio.getExpectedTwilioSignature(stack.demo.twilioAuthToken, `${stack.config.publicBaseUrl}${path}${query}`, {});
        return { method: 'POST', path: `${path}${query}`, headers: { ...json, 'x-twilio-signature': signature }, body };
      }
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const signature = twilio.getExpectedTwilioSignature(stack.demo.twilioAuthToken, `${stack.config.publicBaseUrl}${path}`, params);
      return { method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body };
    }
    case 'telnyx': {
      const signature = sign(null, Buffer.concat([Buffer.from(`${now}|`), body]), telnyxKey).toString('base64');
      return { method: 'POST', path, headers: { ...json, 'telnyx-timestamp': String(now), 'telnyx-signature-ed25519': signature }, body };
    }
    case 'ringcentral':
      return { method: 'POST', path, headers: { ...json, 'verification-token': stack.demo.ringcentralToken }, body };
    case 'zoom': {
      const signature = `v0=${createHmac('sha256', stack.demo.zoomSecret).update(Buffer.concat([Buffer.from(`v0:${now}:`), body])).digest('hex')}`;
      return { method: 'POST', path, headers: { ...json, 'x-zm-request-timestamp': String(now), 'x-zm-signature': signature }, body };
    }
    case 'dialpad': {
      const unsignedToken = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(body)}`;
      const token = `${unsignedToken}.${createHmac('sha256', stack.demo.dialpadSecret).update(unsignedToken).digest('base64url')}`;
      return { method: 'POST', path, headers: { 'content-type': 'application/jwt' }, body: Buffer.from(token) };
    }
    case 'vonage': {
      const claims = { application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab', iat: now, jti: randomUUID(), payload_hash: createHash('sha256').update(body).digest('hex') };
      return { method: 'POST', path, headers: { ...json, authorization: `Bearer ${jwt.sign(claims, stack.demo.vonageSecret, { algorithm: 'HS256', noTimestamp: true })}` }, body };
    }
    case 'generic': {
      const text = body.toString('utf8');
      const id = `msg_${randomUUID()}`;
      const signature = new Webhook(stack.demo.webhookSecret).sign(id, new Date(now * 1000), text);
      return { method: 'POST', path, headers: { ...json, 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signature }, body: Buffer.from(text) };
    }
  }
};

/** A Dialpad body that is a well-signed JWT whose header (not payload) is hostile: any alg, not JSON, not an object. */
export const dialpadWithHeader = (stack: LocalStack, header: Buffer, payload: Buffer): RawRequest => {
  const unsignedToken = `${b64url(header)}.${b64url(payload)}`;
  const token = `${unsignedToken}.${createHmac('sha256', stack.demo.dialpadSecret).update(unsignedToken).digest('base64url')}`;
  return { method: 'POST', path: '/v1/tenants/demo/webhooks/dialpad', headers: { 'content-type': 'application/jwt' }, body: Buffer.from(token) };
};

/** A Vonage JWT carrying hostile claims, signed with the secret, over a valid body hash or not. */
export const vonageWithClaims = (stack: LocalStack, claims: unknown, body: Buffer): RawRequest => {
  const unsignedToken = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims) ?? '')}`;
  const token = `${unsignedToken}.${createHmac('sha256', stack.demo.vonageSecret).update(unsignedToken).digest('base64url')}`;
  return { method: 'POST', path: '/v1/tenants/demo/webhooks/vonage', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body };
};
