import { createHash, randomBytes } from 'node:crypto';
import { sameText } from '../domain/same-text.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { TenantStore } from '../ports/tenant-store.js';

/** Who is calling the admin API. */
export type Caller = { readonly role: 'operator' } | { readonly role: 'tenant'; readonly tenantId: string };

export type Authorization =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly kind: 'unauthenticated' | 'forbidden'; readonly code: string; readonly message: string };

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new admin key for a tenant: it names its tenant, so a key used on another tenant is told apart from a bad key. */
export const newAdminKey = (tenantId: string): string => `cck_${tenantId}.${randomBytes(32).toString('base64url')}`;

const tenantOf = (key: string): string | undefined => /^cck_([a-z0-9-]+)\./.exec(key)?.[1];

/**
 * `Authorization: Bearer <key>`: the operator key reaches every tenant; a tenant's key reaches only that tenant
 * (403 elsewhere). Keys are compared by hash, in constant time.
 */
export const authorize = async (
  header: string | undefined,
  target: string | undefined,
  deps: { readonly tenants: TenantStore; readonly secrets: SecretStore },
): Promise<Authorization> => {
  const key = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!key) return { ok: false, kind: 'unauthenticated', code: 'unauthorized', message: 'Authorization: Bearer <admin key> is required' };
  const operatorKey = await deps.secrets.operatorKey();
  if (operatorKey !== undefined && sameText(hashKey(key), hashKey(operatorKey))) return { ok: true, caller: { role: 'operator' } };

  const denied: Authorization = { ok: false, kind: 'unauthenticated', code: 'unauthorized', message: 'The admin key is not valid' };
  const matches = async (tenantId: string): Promise<boolean> => {
    // Read fresh, never from a cache: a rotated key stops working at once in every container.
    const stored = await deps.tenants.adminKeyHash(tenantId);
    return stored !== undefined && sameText(hashKey(key), stored);
  };
  if (target !== undefined && (await matches(target))) return { ok: true, caller: { role: 'tenant', tenantId: target } };
  const owner = tenantOf(key);
  if (owner !== undefined && owner !== target && (await matches(owner))) {
    return target === undefined
      ? { ok: false, kind: 'forbidden', code: 'forbidden', message: 'Only the operator may do this' }
      : { ok: false, kind: 'forbidden', code: 'forbidden', message: 'This key belongs to another tenant' };
  }
  return denied;
};
