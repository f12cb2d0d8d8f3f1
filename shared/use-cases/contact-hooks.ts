// adapter (Clio's webhook, sync, schedule) --> (use case: keep the phone index fresh from Clio's contact events)
import { randomBytes } from 'node:crypto';
import { parseContactHook, validHookSignature } from '../adapters/clio/clio-contact-hook.js';
import { sameText } from '../adapters/providers/kit.js';
import { errorResponse } from '../adapters/http/http.js';
import { logger } from '../observability/logger.js';
import type { ClioGatewayProvider } from '../ports/clio-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { Tenant, TenantStore } from '../ports/tenant-store.js';
import type { HttpResponse, InboundWebhook } from '../ports/webhook-provider.js';

export interface HookDeps {
  readonly tenants: TenantStore;
  readonly secrets: SecretStore;
  readonly index: PhoneIndex;
  readonly clio: ClioGatewayProvider;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
}

const DAY_MS = 24 * 3600_000;
/** Clio allows 31 days; renew when fewer than 7 remain. */
const HOOK_LIFETIME_MS = 30 * DAY_MS;
const RENEW_WITHIN_MS = 7 * DAY_MS;
const HANDSHAKE_WINDOW_MS = 2 * 60_000;

/** Where Clio posts a tenant's contact events: the registration's random token is part of the URL. */
export const contactHookUrl = (publicBaseUrl: string, tenantId: string, token: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/v1/tenants/${tenantId}/clio/hooks/${token}`;

/** Subscribes to the tenant's contact changes, or renews the subscription before Clio lets it lapse. */
export const ensureContactHook = async (deps: HookDeps, tenant: Tenant): Promise<'registered' | 'renewed' | 'kept'> => {
  const now = deps.clock.now().getTime();
  if (!(await deps.secrets.clioTokens(tenant.id, { fresh: true }))) return 'kept';
  const expiresAt = new Date(now + HOOK_LIFETIME_MS).toISOString();
  const clio = await deps.clio.forTenant(tenant);
  const hook = await deps.tenants.clioHook(tenant.id);
  // A hook registered before hooks had a URL token is registered again (the old one lapses at Clio).
  if (hook?.id !== undefined && hook.secret && hook.token) {
    if (hook.expiresAt && Date.parse(hook.expiresAt) - now > RENEW_WITHIN_MS) return 'kept';
    await clio.renewWebhook(hook.id, expiresAt);
    await deps.tenants.recordHook(tenant.id, { id: hook.id, expiresAt });
    return 'renewed';
  }
  // Clio POSTs the handshake before it answers: accept one only while we are the ones registering.
  const token = randomBytes(24).toString('base64url');
  await deps.tenants.openHookRegistration(tenant.id, new Date(now + HANDSHAKE_WINDOW_MS).toISOString(), token);
  try {
    const { id } = await clio.createContactWebhook(contactHookUrl(deps.publicBaseUrl, tenant.id, token), expiresAt);
    await deps.tenants.recordHook(tenant.id, { id, expiresAt });
  } catch (error) {
    await deps.tenants.closeHookRegistration(tenant.id);
    throw error;
  }
  return 'registered';
};

/** `POST /v1/tenants/{id}/clio/hooks/{token}`: Clio's handshake, then its signed contact events. */
export const receiveContactHook = async (deps: HookDeps, tenantId: string, urlToken: string, request: InboundWebhook): Promise<HttpResponse> => {
  const tenant = await deps.tenants.get(tenantId);
  const tokens = tenant ? await deps.secrets.clioTokens(tenant.id, { fresh: true }) : undefined;
  const registered = tenant ? (await deps.tenants.clioHook(tenant.id))?.token : undefined;
  // Only the URL of the current registration is Clio's: any other is answered as no hook at all.
  if (!tenant || !tokens || !registered || !sameText(urlToken, registered)) return errorResponse(404, 'not_found', 'No webhook here');
  const offered = request.headers['x-hook-secret'];
  if (offered) {
    // One handshake per registration, and only while it is open (a conditional write).
    if (!(await deps.tenants.acceptHookSecret(tenant.id, offered, deps.clock.now()))) return errorResponse(403, 'no_registration', 'No webhook registration is in progress');
    return { statusCode: 200, headers: { 'x-hook-secret': offered, 'content-type': 'application/json' }, body: '{}' };
  }
  const secret = (await deps.tenants.clioHook(tenant.id))?.secret;
  if (!secret || !validHookSignature(request.body, request.headers['x-hook-signature'], secret)) {
    return errorResponse(401, 'signature_invalid', 'X-Hook-Signature does not match');
  }
  const delivery = parseContactHook(request.body);
  if (delivery.event !== 'other') {
    // A delivery is a signal, never the data: the contact is read back from Clio with the tenant's own token, so a
    // forged delivery cannot put a stranger's number on a client.
    const contactId = delivery.event === 'upsert' ? delivery.contact.id : delivery.contactId;
    const current = await (await deps.clio.forTenant(tenant)).getContact(contactId);
    if (current) await deps.index.put(tenant.id, current, tenant.settings.defaultCountry);
    else await deps.index.remove(tenant.id, contactId);
  }
  logger.info('Clio contact event', { tenantId: tenant.id, event: delivery.event });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
};
