import { createHash, randomUUID } from 'node:crypto';
import { bytesOf, HS256_HEADER, hs256Jwt, unixSeconds, type Signer } from './signer.js';

/** The application every signed Vonage callback here comes from; the signature does not depend on it. */
const APPLICATION_ID = 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab';

/**
 * Vonage: `Authorization: Bearer <JWT>`, HS256 with the signature secret; the JWT's `payload_hash` is the hex SHA-256
 * of the body, `iat` when it was signed.
 */
export const vonageSigner: Signer = {
  sign: (signatureSecret, { url, body, at, deliveryId }) => {
    const bytes = bytesOf(body);
    const claims = {
      application_id: APPLICATION_ID,
      iat: unixSeconds(at),
      jti: deliveryId ?? randomUUID(),
      payload_hash: createHash('sha256').update(bytes).digest('hex'),
    };
    return {
      url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hs256Jwt(signatureSecret, HS256_HEADER, JSON.stringify(claims))}` },
      body: bytes,
    };
  },
};
