// adapter (Clio's webhook, sync, schedule) --> (use case: keep the phone and matter indexes fresh from Clio's events)
import { randomBytes } from 'node:crypto';
import { RefusedError } from '../domain/errors.js';
import { toE164 } from '../domain/phone.js';
import { sameText } from '../domain/same-text.js';
import { logger } from '../observability/logger.js';
import type { ClioGateways, HookModel } from '../ports/clio-gateway.js';
import type { ClioHookReader } from '../ports/clio-hooks.js';
import type { Clock } from '../ports/clock.js';
import type { MatterIndex } from '../ports/matter-index.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { Tenant } from '../domain/tenant.js';
import type { TenantStore } from '../ports/tenant-store.js';
import type { InboundWebhook } from '../ports/webhook-provider.js';
import { refreshMatter } from './sync-matters.js';

export interface HookDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly index: PhoneIndex;
  readonly matters: MatterIndex;
  readonly clio: ClioGateways;
  readonly clioHooks: ClioHookReader;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
}

const DAY_MS = 24 * 3600_000;
/** Clio allows 31 days; renew when fewer than 7 remain. */
const HOOK_LIFETIME_MS = 30 * DAY_MS;
const RENEW_WITHIN_MS = 7 * DAY_MS;
const HANDSHAKE_WINDOW_MS = 2 * 60_000;
const MODELS: readonly HookModel[] = ['contact', 'matter'];

/** Where Clio posts a tenant's events of one registration: the registration's random token is part of the URL. */
export const hookUrl = (publicBaseUrl: string, tenantId: string, token: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/v1/tenants/${tenantId}/clio/hooks/${token}`;

/** Subscribes to the tenant's changes of one model, or renews the subscription before Clio lets it lapse. */
export const ensureClioHook = async (deps: HookDeps, tenant: Tenant, model: HookModel): Promise<'registered' | 'renewed' | 'kept'> => {
  const now = deps.clock.now().getTime();
  if (!(await deps.secrets.clioTokens(tenant.id, { fresh: true }))) return 'kept';
  const expiresAt = new Date(now + HOOK_LIFETIME_MS).toISOString();
  const clio = await deps.clio.forTenant(tenant);
  const hook = await deps.tenants.clioHook(tenant.id, model);
  // A hook registered before hooks had a URL token is registered again (the old one lapses at Clio).
  if (hook?.id !== undefined && hook.secret && hook.token) {
    if (hook.expiresAt && Date.parse(hook.expiresAt) - now > RENEW_WITHIN_MS) return 'kept';
    await clio.renewWebhook(hook.id, expiresAt);
    await deps.tenants.recordHook(tenant.id, { id: hook.id, expiresAt }, model);
    return 'renewed';
  }
  // Clio POSTs the handshake before it answers: accept one only while we are the ones registering.
  const token = randomBytes(24).toString('base64url');
  await deps.tenants.openHookRegistration(tenant.id, new Date(now + HANDSHAKE_WINDOW_MS).toISOString(), token, model);
  try {
    const { id } = await clio.createWebhook(model, hookUrl(deps.publicBaseUrl, tenant.id, token), expiresAt);
    await deps.tenants.recordHook(tenant.id, { id, expiresAt }, model);
  } catch (error) {
    await deps.tenants.closeHookRegistration(tenant.id, model);
    throw error;
  }
  return 'registered';
};

/**
 * A delivery is a signal, never the data: the contact or matter is read back from Clio with the tenant's own token,
 * so a forged delivery can neither put a stranger's number on a client nor a stranger on a matter.
 */
const applyDelivery = async (deps: HookDeps, tenant: Tenant, model: HookModel, body: Buffer): Promise<string> => {
  if (model === 'matter') {
    const delivery = deps.clioHooks.matter(body);
    // The matter as indexed at this very change (a repeated delivery, one a refresh already read): nothing to read
    // back. Within one second of `updated_at` a status or a client may still change: they must match too.
    if (delivery.event === 'changed' && delivery.delivered.updatedAt !== undefined) {
      const indexed = await deps.matters.indexedVersion(tenant.id, delivery.matterId);
      const { status, updatedAt, clientId } = delivery.delivered;
      if (indexed && indexed.updatedAt === updatedAt && indexed.status === status && indexed.clientId === clientId) return 'unchanged';
    }
    if (delivery.event !== 'other') await refreshMatter(deps.matters, await deps.clio.forTenant(tenant), tenant.id, delivery.matterId);
    return delivery.event;
  }
  const delivery = deps.clioHooks.contact(body);
  // The contact as we indexed it at this very change (one we wrote, or a repeated delivery): nothing to read back.
  // Clio's `updated_at` counts seconds, so two changes within one second share it: the numbers must match too.
  if (delivery.event === 'upsert' && delivery.contact.updatedAt !== undefined) {
    const indexed = await deps.index.indexedVersion(tenant.id, delivery.contact.id);
    const numbers = new Set(delivery.contact.phoneNumbers.map((n) => toE164(n, tenant.settings.defaultCountry)));
    const same =
      indexed !== undefined &&
      indexed.updatedAt === delivery.contact.updatedAt &&
      numbers.size === indexed.numbers.length &&
      indexed.numbers.every((n) => numbers.has(n));
    if (same) return 'unchanged';
  }
  if (delivery.event !== 'other') {
    const contactId = delivery.event === 'upsert' ? delivery.contact.id : delivery.contactId;
    const current = await (await deps.clio.forTenant(tenant)).getContact(contactId);
    if (current) await deps.index.put(tenant.id, current, tenant.settings.defaultCountry);
    else await deps.index.remove(tenant.id, contactId);
  }
  return delivery.event;
};

/** What a hook request was: the registration's handshake (its secret echoed back), or a delivery taken in. */
export type HookReceipt = { readonly type: 'handshake'; readonly secret: string } | { readonly type: 'delivery' };

/** `POST /v1/tenants/{id}/clio/hooks/{token}`: Clio's handshake, then its signed contact or matter events. */
export const receiveClioHook = async (deps: HookDeps, tenantId: string, urlToken: string, request: InboundWebhook): Promise<HookReceipt> => {
  const tenant = await deps.tenants.get(tenantId);
  const tokens = tenant ? await deps.secrets.clioTokens(tenant.id, { fresh: true }) : undefined;
  let model: HookModel | undefined;
  for (const candidate of tenant && tokens ? MODELS : []) {
    const registered = (await deps.tenants.clioHook(tenantId, candidate))?.token;
    if (registered && sameText(urlToken, registered)) model = candidate;
  }
  // Only the URL of a current registration is Clio's: any other is answered as no hook at all.
  if (!tenant || model === undefined) throw new RefusedError('not_found', 'not_found', 'No webhook here');
  const offered = request.headers['x-hook-secret'];
  if (offered) {
    // One handshake per registration, and only while it is open (a conditional write).
    if (!(await deps.tenants.acceptHookSecret(tenant.id, offered, deps.clock.now(), model)))
      throw new RefusedError('forbidden', 'no_registration', 'No webhook registration is in progress');
    return { type: 'handshake', secret: offered };
  }
  const secret = (await deps.tenants.clioHook(tenant.id, model))?.secret;
  if (!secret || !deps.clioHooks.validSignature(request.body, request.headers['x-hook-signature'], secret)) {
    throw new RefusedError('unauthenticated', 'signature_invalid', 'X-Hook-Signature does not match');
  }
  const event = await applyDelivery(deps, tenant, model, request.body);
  logger.info('Clio webhook event', { tenantId: tenant.id, model, event });
  return { type: 'delivery' };
};
