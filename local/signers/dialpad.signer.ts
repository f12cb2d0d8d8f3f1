import { bytesOf, HS256_HEADER, hs256Jwt, unixSeconds, type Signer } from './signer.js';

/**
 * Dialpad: with a webhook secret the whole body is an HS256 JWT whose payload is the event, with no time in it. A
 * callback signed at a given time gets that time as its `exp`, so that it reads as expired from then on.
 */
export const dialpadSigner: Signer = {
  sign: (secret, { url, body, at }) => {
    const bytes = bytesOf(body);
    const payload = at === undefined ? bytes : JSON.stringify({ ...(JSON.parse(bytes.toString('utf8')) as object), exp: unixSeconds(at) });
    return { url, headers: { 'content-type': 'application/jwt' }, body: Buffer.from(hs256Jwt(secret, HS256_HEADER, payload)) };
  },
};
