import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a connect link may wait at Clio's consent page (Clio's codes last 10 minutes). */
export const STATE_TTL_SECONDS = 15 * 60;

/**
 * The OAuth `state`: which tenant asked, until when, signed so a forged or altered state is refused
 * (`<base64url payload>.<base64url HMAC-SHA256>`).
 */
export const signState = (tenantId: string, key: string, now: Date, nonce: string = newNonce()): string => {
  const payload = Buffer.from(JSON.stringify({ t: tenantId, exp: Math.floor(now.getTime() / 1000) + STATE_TTL_SECONDS, n: nonce })).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
};

/** A state's single-use nonce, kept server-side until the callback consumes it. */
export const newNonce = (): string => randomBytes(18).toString('base64url');

export type StateCheck =
  { readonly ok: true; readonly tenantId: string; readonly nonce: string } | { readonly ok: false; readonly reason: 'forged' | 'expired' };

export const verifyState = (state: string, key: string, now: Date): StateCheck => {
  const [payload = '', mac = ''] = state.split('.');
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t?: unknown; exp?: unknown; n?: unknown };
  if (typeof claims.t !== 'string' || typeof claims.exp !== 'number' || typeof claims.n !== 'string') return { ok: false, reason: 'forged' };
  if (claims.exp < now.getTime() / 1000) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId: claims.t, nonce: claims.n };
};
