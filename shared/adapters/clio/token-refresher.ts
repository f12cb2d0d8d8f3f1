import { PermanentError, RetryableError, TenantNotConnectedError } from '../../domain/errors.js';
import { logger } from '../../observability/logger.js';
import type { ClioOAuth } from '../../ports/clio-oauth.js';
import type { Clock } from '../../ports/clock.js';
import type { RefreshLock } from '../../ports/refresh-lock.js';
import type { ClioTokens } from '../../domain/clio-credentials.js';
import type { SecretStore } from '../../ports/secret-store.js';
import type { Tenant } from '../../domain/tenant.js';
import type { TenantStore } from '../../ports/tenant-store.js';

/** Refresh this long before `expiresAt`, so no request goes out with a token about to lapse. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
const LOCK_TTL_MS = 30_000;

export const isExpiring = (tokens: ClioTokens, now: Date): boolean =>
  tokens.expiresAt !== undefined && Date.parse(tokens.expiresAt) - EXPIRY_MARGIN_MS <= now.getTime();

export interface TokenRefresherDeps {
  readonly secrets: SecretStore;
  readonly tenants: TenantStore;
  readonly oauth: ClioOAuth;
  readonly lock: RefreshLock;
  readonly clock: Clock;
  /** How long to wait for another process's refresh before giving the record back to the queue. @default 10_000 */
  readonly waitMs?: number;
}

export interface TokenRefresher {
  /** A usable token in place of `stale`: refreshed here, or by whichever process holds the tenant's lock. */
  refresh(tenant: Tenant, stale: ClioTokens): Promise<ClioTokens>;
}

/**
 * Refreshes a tenant's Clio access token once at a time: one promise per tenant in this process, one lock
 * holder across processes; the others wait for the new token to appear in the secret store. Clio refresh
 * tokens are reusable and never rotated. A refused refresh (`invalid_grant`) disconnects the tenant.
 */
export const createTokenRefresher = (deps: TokenRefresherDeps): TokenRefresher => {
  const inflight = new Map<string, Promise<ClioTokens>>();
  /** Whether another process already put a usable token in place of the stale one. */
  const replaced = (latest: ClioTokens, stale: ClioTokens): boolean => latest.accessToken !== stale.accessToken && !isExpiring(latest, deps.clock.now());

  const refreshHoldingLock = async (tenant: Tenant, stale: ClioTokens): Promise<ClioTokens> => {
    const latest = await deps.secrets.clioTokens(tenant.id, { fresh: true });
    if (!latest) throw new TenantNotConnectedError(`Tenant ${tenant.id} has no Clio tokens`);
    if (replaced(latest, stale)) return latest;
    const app = await deps.secrets.clioApp();
    if (!app) throw new PermanentError('clio_app_not_configured', 'The Clio app credentials are not configured');
    if (!latest.refreshToken) return disconnect(tenant, 'no_refresh_token');
    try {
      const fresh = { ...latest, ...(await deps.oauth.refresh(tenant.clioRegion, app, latest.refreshToken)) };
      await deps.secrets.putClioTokens(tenant.id, fresh);
      logger.info('Clio access token refreshed', { tenantId: tenant.id });
      return fresh;
    } catch (error) {
      if (error instanceof PermanentError && error.code === 'invalid_grant') return disconnect(tenant, 'refresh_refused');
      throw error;
    }
  };

  const disconnect = async (tenant: Tenant, reason: string): Promise<never> => {
    await deps.tenants.setConnection(tenant.id, { status: 'disconnected', since: deps.clock.now().toISOString(), reason });
    logger.warn('Tenant disconnected from Clio', { tenantId: tenant.id, reason });
    throw new TenantNotConnectedError(`Clio refused to refresh the tenant's token (${reason}); reconnect Clio`);
  };

  const refresh = async (tenant: Tenant, stale: ClioTokens): Promise<ClioTokens> => {
    const deadline = Date.now() + (deps.waitMs ?? 10_000);
    for (;;) {
      if (await deps.lock.acquire(tenant.id, LOCK_TTL_MS)) {
        try {
          return await refreshHoldingLock(tenant, stale);
        } finally {
          await deps.lock.release(tenant.id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const latest = await deps.secrets.clioTokens(tenant.id, { fresh: true });
      if (latest && replaced(latest, stale)) return latest;
      if (Date.now() > deadline) throw new RetryableError("Another process is still refreshing the tenant's Clio token");
    }
  };

  return {
    refresh(tenant, stale) {
      const running = inflight.get(tenant.id);
      if (running) return running;
      const started = refresh(tenant, stale).finally(() => inflight.delete(tenant.id));
      inflight.set(tenant.id, started);
      return started;
    },
  };
};
