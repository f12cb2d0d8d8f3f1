import { demoSigningSecrets, sign, twilioJsonSigner, type SignedCallback } from '../../local/signers/index.js';
import { HS256_HEADER, hs256Jwt } from '../../local/signers/signer.js';
import type { LocalStack } from '../../local/stack.js';
import type { Provider } from '../../shared/domain/canonical-event.js';
import type { RawRequest } from './fuzz-support.js';

const demoRoute = (provider: Provider): string => `/v1/tenants/demo/webhooks/${provider}`;

/** The request for a signed callback to the stack's public base URL: its path and query, headers and bytes. */
const rawOf = (stack: LocalStack, signed: SignedCallback): RawRequest => ({
  method: 'POST',
  path: signed.url.slice(stack.config.publicBaseUrl.length),
  headers: signed.headers,
  body: signed.body,
});

/**
 * The demo tenant's callback for `body`, signed by the provider's own signer (local/signers), so the body itself
 * (not the signature check) is what meets the parser. Twilio form bodies are signed over their parsed parameters;
 * with `asJson` Twilio's JSON variant is used (`bodySHA256` in the URL). Dialpad's body becomes a JWT whose payload
 * segment is `body`, so even bytes that are not JSON arrive with a valid MAC.
 */
export const signedRequest = (stack: LocalStack, provider: Provider, body: Buffer, options: { asJson?: boolean } = {}): RawRequest => {
  const secret = demoSigningSecrets(stack.demo)[provider];
  const callback = { url: `${stack.config.publicBaseUrl}${demoRoute(provider)}`, body };
  return rawOf(stack, provider === 'twilio' && options.asJson ? twilioJsonSigner.sign(secret, callback) : sign(provider, secret, callback));
};

/** A Dialpad body that is a well-signed JWT whose header (not payload) is hostile: any alg, not JSON, not an object. */
export const dialpadWithHeader = (stack: LocalStack, header: Buffer, payload: Buffer): RawRequest => ({
  method: 'POST',
  path: demoRoute('dialpad'),
  headers: { 'content-type': 'application/jwt' },
  body: Buffer.from(hs256Jwt(stack.demo.dialpadSecret, header, payload)),
});

/** A Vonage JWT carrying hostile claims, signed with the secret, over a valid body hash or not. */
export const vonageWithClaims = (stack: LocalStack, claims: unknown, body: Buffer): RawRequest => ({
  method: 'POST',
  path: demoRoute('vonage'),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${hs256Jwt(stack.demo.vonageSecret, HS256_HEADER, JSON.stringify(claims) ?? '')}` },
  body,
});
