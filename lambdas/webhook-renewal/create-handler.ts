import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Adapters } from '../../shared/config/wiring.js';
import { logger } from '../../shared/observability/logger.js';
import { ensureContactHook } from '../../shared/use-cases/contact-hooks.js';

/** The schedule (EventBridge) → every connected tenant's Clio contact webhook registered, or renewed before it lapses. */
export const createWebhookRenewalHandler = (deps: Adapters) =>
  middy(async () => {
    const results: Record<string, number> = {};
    for (const id of await deps.tenants.listIds()) {
      const tenant = await deps.tenants.get(id);
      if (!tenant || tenant.connection?.status === 'disconnected' || !(await deps.index.syncState(id))?.completedAt) continue;
      const result = await ensureContactHook(deps, tenant).catch((error: unknown) => {
        logger.warn('Contact webhook renewal failed', { tenantId: id, error: error as Error });
        return 'failed' as const;
      });
      results[result] = (results[result] ?? 0) + 1;
    }
    logger.info('Contact webhooks renewed', results);
    return results;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
