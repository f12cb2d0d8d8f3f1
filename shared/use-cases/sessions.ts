// adapter (admin API request) --> (use case: console sign-in, sign-out, session check) --> sessions, tenants, secrets
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { clearCookie, readCookie, setCookie } from '../http/cookies.js';
import type { Clock } from '../ports/clock.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { ConsoleSession, SessionStore } from '../ports/session-store.js';
import type { TenantStore } from '../ports/tenant-store.js';
import { authorize, hashKey, type Authorization } from './admin-auth.js';

export interface SessionDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly sessions: SessionStore;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
}

/** How long a console stays signed in, from sign-in (not sliding). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
export const SESSION_COOKIE = 'cc_session';
export const CSRF_HEADER = 'x-csrf-token';

const idHash = (id: string): string => createHash('sha256').update(id).digest('hex');

const equal = (a: string, b: string): boolean => {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
};

export const signInSchema = z.strictObject({ adminKey: z.string().min(1).max(512) });

/** What the console is told of its session. */
export const sessionView = (session: ConsoleSession) => ({
  role: session.role, ...(session.tenantId ? { tenantId: session.tenantId } : {}), csrfToken: session.csrfToken, expiresAt: session.expiresAt,
});

export type SignIn =
  | { readonly ok: true; readonly session: ConsoleSession; readonly cookie: string }
  | { readonly ok: false; readonly status: 401; readonly code: string; readonly message: string };

/**
 * The one firm a key that does not name its firm may belong to: the local stack's demo firm, whose key is
 * `DEMO_ADMIN_KEY` as given. Every key the admin API issues names its firm (`cck_<firm>.`): no sign-in ever searches
 * the firms for its key, which would cost a scan per attempt and tell how many firms there are.
 */
const UNNAMED_KEY_FIRM = 'demo';

/** `POST /v1/session`: the operator key or a tenant's admin key, exchanged for a session cookie. */
export const signIn = async (deps: SessionDeps, adminKey: string): Promise<SignIn> => {
  const auth = await authorize(`Bearer ${adminKey}`, undefined, deps);
  // A tenant's key is refused with 403 when no tenant is named: its own tenant is the one it names.
  const owner = /^cck_([a-z0-9-]{1,64})\./.exec(adminKey)?.[1] ?? (auth.ok ? undefined : UNNAMED_KEY_FIRM);
  const tenantAuth = auth.ok || owner === undefined ? auth : await authorize(`Bearer ${adminKey}`, owner, deps);
  if (!tenantAuth.ok) return { ok: false, status: 401, code: 'unauthorized', message: 'The admin key is not valid' };
  const id = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const session: ConsoleSession = {
    ...(tenantAuth.caller.role === 'tenant' ? { role: 'tenant', tenantId: tenantAuth.caller.tenantId } : { role: 'operator' }),
    keyHash: hashKey(adminKey),
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
  };
  await deps.sessions.put(idHash(id), session);
  return { ok: true, session, cookie: setCookie(SESSION_COOKIE, id, deps.publicBaseUrl, { maxAgeSeconds: SESSION_TTL_SECONDS, sameSite: 'Strict' }) };
};

/** The session of a request's cookie, while it lasts and the key it was made with is still the current one. */
export const currentSession = async (deps: SessionDeps, cookieHeader: string | undefined): Promise<{ session: ConsoleSession; hash: string } | undefined> => {
  const id = readCookie(cookieHeader, SESSION_COOKIE, deps.publicBaseUrl);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const hash = idHash(id);
  const session = await deps.sessions.get(hash, deps.clock.now());
  if (!session) return undefined;
  // Read fresh: a rotated key ends the sessions it opened at once.
  const current = session.role === 'operator'
    ? await deps.secrets.operatorKey().then((key) => (key === undefined ? undefined : hashKey(key)))
    : await deps.tenants.adminKeyHash(session.tenantId ?? '');
  return current !== undefined && equal(current, session.keyHash) ? { session, hash } : undefined;
};

/** `DELETE /v1/session`: forgets the session server-side, and clears the cookie. */
export const signOut = async (deps: SessionDeps, hash: string): Promise<string> => {
  await deps.sessions.delete(hash);
  return clearCookie(SESSION_COOKIE, deps.publicBaseUrl, 'Strict');
};

/**
 * Who is calling: `Authorization: Bearer <key>` as always, else the console's session cookie; with the cookie,
 * a change (any method but GET and HEAD) must carry the session's CSRF token in `X-CSRF-Token`.
 */
export const authenticate = async (
  deps: SessionDeps,
  request: { readonly method: string; readonly headers: Readonly<Record<string, string | undefined>> },
  target: string | undefined,
): Promise<Authorization> => {
  if (request.headers.authorization !== undefined || request.headers.cookie === undefined) return authorize(request.headers.authorization, target, deps);
  const found = await currentSession(deps, request.headers.cookie);
  if (!found) return authorize(undefined, target, deps);
  const { session } = found;
  if (request.method !== 'GET' && request.method !== 'HEAD' && !equal(request.headers[CSRF_HEADER] ?? '', session.csrfToken)) {
    return { ok: false, status: 403, code: 'csrf_token_invalid', message: 'A change needs the session\'s CSRF token in X-CSRF-Token' };
  }
  if (session.role === 'operator') return { ok: true, caller: { role: 'operator' } };
  if (target === undefined) return { ok: false, status: 403, code: 'forbidden', message: 'Only the operator may do this' };
  if (target !== session.tenantId) return { ok: false, status: 403, code: 'forbidden', message: 'This session belongs to another tenant' };
  return { ok: true, caller: { role: 'tenant', tenantId: target } };
};
