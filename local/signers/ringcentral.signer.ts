import { bytesOf, type Signer } from './signer.js';

/** RingCentral signs nothing: the subscription's verification token, sent as it is, proves the sender (not the body). */
export const ringCentralSigner: Signer = {
  sign: (token, { url, body }) => ({ url, headers: { 'content-type': 'application/json', 'verification-token': token }, body: bytesOf(body) }),
};
