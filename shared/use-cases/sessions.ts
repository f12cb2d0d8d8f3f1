// adapter (admin API request) --> (use case: console sign-in, sign-out, session check) --> sessions, tenants, secrets
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { sameText } from '../domain/same-text.js';
import type { Clock } from '../ports/clock.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { ConsoleSession } from '../domain/console-session.js';
import type { SessionStore } from '../ports/session-store.js';
import type { TenantStore } from '../ports/tenant-store.js';
import { authorize, hashKey, type Authorization } from './admin-auth.js';
import { logger } from '../observability/logger.js';

export interface SessionDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly sessions: SessionStore;
  readonly clock: Clock;
}

/** How long a console stays signed in, from sign-in (not sliding). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** What a request presents, as the HTTP layer read it: `Authorization`, the session cookie's value, `X-CSRF-Token`. */
export interface Credentials {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly sessionId: string | undefined;
  readonly csrfToken: string | undefined;
}

const idHash = (id: string): string => createHash('sha256').update(id).digest('hex');

export const signInSchema = z.strictObject({ adminKey: z.string().min(1).max(512) });

/** What the console is told of its session. */
export const sessionView = (session: ConsoleSession) => ({
  role: session.role,
  ...(session.tenantId ? { tenantId: session.tenantId } : {}),
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt,
});

export type SignIn =
  /** `id` is the session's own: the browser keeps it (its cookie), we keep only its hash. */
  | { readonly ok: true; readonly session: ConsoleSession; readonly id: string }
  | { readonly ok: false; readonly kind: 'unauthenticated'; readonly code: string; readonly message: string };

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
  const named = /^cck_([a-z0-9-]{1,64})\./.exec(adminKey)?.[1];
  const owner = named ?? (auth.ok ? undefined : UNNAMED_KEY_FIRM);
  const tenantAuth = auth.ok || owner === undefined ? auth : await authorize(`Bearer ${adminKey}`, owner, deps);
  if (!tenantAuth.ok) {
    // Who tried is not known (the key is not valid); the firm its prefix names, if any, is: never the key itself.
    logger.warn('Console sign-in refused', { namedFirm: named ?? null });
    return { ok: false, kind: 'unauthenticated', code: 'unauthorized', message: 'The admin key is not valid' };
  }
  const id = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const session: ConsoleSession = {
    ...(tenantAuth.caller.role === 'tenant' ? { role: 'tenant', tenantId: tenantAuth.caller.tenantId } : { role: 'operator' }),
    keyHash: hashKey(adminKey),
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
  };
  await deps.sessions.put(idHash(id), session);
  logger.info('Console signed in', { role: session.role, tenantId: session.tenantId ?? null, expiresAt: session.expiresAt });
  return { ok: true, session, id };
};

/** The session of this id (the request's cookie), while it lasts and the key it was made with is still the current one. */
export const currentSession = async (deps: SessionDeps, id: string | undefined): Promise<{ session: ConsoleSession; hash: string } | undefined> => {
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const hash = idHash(id);
  const session = await deps.sessions.get(hash, deps.clock.now());
  if (!session) return undefined;
  // Read fresh: a rotated key ends the sessions it opened at once.
  const current =
    session.role === 'operator'
      ? await deps.secrets.operatorKey().then((key) => (key === undefined ? undefined : hashKey(key)))
      : await deps.tenants.adminKeyHash(session.tenantId ?? '');
  return current !== undefined && sameText(current, session.keyHash) ? { session, hash } : undefined;
};

/** `DELETE /v1/session`: forgets the session server-side (the HTTP layer clears the cookie). */
export const signOut = async (deps: SessionDeps, hash: string): Promise<void> => {
  await deps.sessions.delete(hash);
};

/**
 * Who is calling: `Authorization: Bearer <key>` as always, else the console's session cookie; with the cookie,
 * a change (any method but GET and HEAD) must carry the session's CSRF token in `X-CSRF-Token`.
 */
export const authenticate = async (deps: SessionDeps, request: Credentials, target: string | undefined): Promise<Authorization> => {
  if (request.authorization !== undefined || request.sessionId === undefined) return authorize(request.authorization, target, deps);
  const found = await currentSession(deps, request.sessionId);
  if (!found) return authorize(undefined, target, deps);
  const { session } = found;
  if (request.method !== 'GET' && request.method !== 'HEAD' && !sameText(request.csrfToken ?? '', session.csrfToken)) {
    return { ok: false, kind: 'forbidden', code: 'csrf_token_invalid', message: "A change needs the session's CSRF token in X-CSRF-Token" };
  }
  if (session.role === 'operator') return { ok: true, caller: { role: 'operator' } };
  if (target === undefined) return { ok: false, kind: 'forbidden', code: 'forbidden', message: 'Only the operator may do this' };
  if (target !== session.tenantId) return { ok: false, kind: 'forbidden', code: 'forbidden', message: 'This session belongs to another tenant' };
  return { ok: true, caller: { role: 'tenant', tenantId: target } };
};
