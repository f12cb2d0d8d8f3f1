import { createHmac } from 'node:crypto';

/** A callback as the provider would send it, before it is signed. */
export interface Callback {
  /** The public URL the provider calls: the one our webhook route rebuilds from its public base URL (Twilio signs it). */
  readonly url: string;
  /** The body as the provider composes it: form-encoded parameters for Twilio, JSON for the others (any bytes to fuzz with). */
  readonly body: string | Buffer;
  /**
   * When it is signed, where the signature carries a time (Telnyx, Zoom, Vonage, Standard Webhooks). Dialpad's
   * tokens carry none: there it becomes an `exp` claim that has passed, the one way a Dialpad token is stale.
   * @default now (Dialpad: no `exp`)
   */
  readonly at?: Date;
  /** The delivery's own id, where the signature covers one (Standard Webhooks `webhook-id`, Vonage `jti`). @default a fresh one */
  readonly deliveryId?: string;
}

/** A callback as it leaves the provider: where it goes, its headers (content type and signature), its bytes. */
export interface SignedCallback {
  /** {@link Callback.url}, with what the signature adds to it (Twilio's `bodySHA256` for a JSON body). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Signs a callback exactly as one phone system does. */
export interface Signer {
  /**
   * @param secret what the provider signs with: the tenant's credential for that provider, except Telnyx, whose
   * credential is a public key and which signs with the matching private key (PEM)
   */
  sign(secret: string, callback: Callback): SignedCallback;
}

export const bytesOf = (body: string | Buffer): Buffer => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

export const unixSeconds = (at: Date = new Date()): number => Math.floor(at.getTime() / 1000);

/** An HS256 compact JWS over exactly these header and payload bytes (a JWT library insists on a JSON payload). */
export const hs256Jwt = (secret: string, header: string | Buffer, payload: string | Buffer): string => {
  const unsigned = `${bytesOf(header).toString('base64url')}.${bytesOf(payload).toString('base64url')}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

/** The JOSE header every HS256 JWT of Dialpad's and Vonage's carries. */
export const HS256_HEADER = JSON.stringify({ alg: 'HS256', typ: 'JWT' });

/** Posts a signed callback to its URL, as the provider does. */
export const deliver = (signed: SignedCallback): Promise<Response> => fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
