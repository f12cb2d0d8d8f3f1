import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { telnyxHeaders } from '../../local/demo-telnyx-key.js';
import type { LocalStack } from '../../local/stack.js';

/** A documented payload from `test/fixtures/providers/<provider>/<name>.json`. */
export const providerFixture = <T = Record<string, unknown>>(provider: string, name: string): T =>
  (JSON.parse(readFileSync(new URL(`../fixtures/providers/${provider}/${name}.json`, import.meta.url), 'utf8')) as { payload: T }).payload;

export interface SignedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** Signs a body the way each provider signs it, `secondsAgo` in the past. */
export const signAs = (stack: LocalStack, provider: string, payload: unknown, secondsAgo = 0): SignedRequest => {
  const json = JSON.stringify(payload);
  const ts = Math.floor(Date.now() / 1000) - secondsAgo;
  switch (provider) {
    case 'telnyx':
      return { body: json, headers: telnyxHeaders(json, ts) };
    case 'zoom':
      return { body: json, headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': String(ts), 'x-zm-signature': `v0=${createHmac('sha256', stack.demo.zoomSecret).update(`v0:${ts}:${json}`).digest('hex')}` } };
    case 'ringcentral':
      return { body: json, headers: { 'content-type': 'application/json', 'verification-token': stack.demo.ringcentralToken } };
    case 'dialpad':
      return { body: jwt.sign(payload as object, stack.demo.dialpadSecret, { algorithm: 'HS256', noTimestamp: true, ...(secondsAgo > 0 ? { expiresIn: -secondsAgo } : {}) }), headers: { 'content-type': 'application/jwt' } };
    case 'vonage':
      return {
        body: json,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${jwt.sign({ application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab', iat: ts, jti: randomUUID(), payload_hash: createHash('sha256').update(json).digest('hex') }, stack.demo.vonageSecret, { algorithm: 'HS256' })}`,
        },
      };
    default:
      throw new Error(`No signer for ${provider}`);
  }
};

/** The same callback without what signs it: no signature headers (Dialpad: the JSON itself, not a JWT). */
export const unsigned = (provider: string, payload: unknown): SignedRequest => ({ body: JSON.stringify(payload), headers: { 'content-type': provider === 'dialpad' ? 'text/plain' : 'application/json' } });

export const postSigned = (stack: LocalStack, provider: string, request: SignedRequest, tenantId = 'demo'): Promise<Response> =>
  fetch(`${stack.url}/v1/tenants/${tenantId}/webhooks/${provider}`, { method: 'POST', headers: request.headers, body: request.body });
