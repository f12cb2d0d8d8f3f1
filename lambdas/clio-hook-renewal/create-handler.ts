import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Dependencies } from '../../shared/config/wiring.js';
import { logger } from '../../shared/observability/logger.js';
import type { HookModel } from '../../shared/ports/clio-gateway.js';
import { ensureClioHook } from '../../shared/use-cases/contact-hooks.js';

/**
 * The schedule (EventBridge) → every connected tenant's Clio webhooks registered, or renewed before they lapse: the
 * contact one once its phone index is complete, the matter one once its matter index is.
 */
export const createClioHookRenewalHandler = (deps: Dependencies) =>
  middy(async () => {
    const results: Record<string, number> = {};
    for (const id of await deps.tenants.listIds()) {
      const tenant = await deps.tenants.get(id);
      if (!tenant || tenant.connection?.status === 'disconnected') continue;
      const models: HookModel[] = [
        ...((await deps.index.syncState(id))?.completedAt ? ['contact' as const] : []),
        ...((await deps.matters.syncState(id))?.completedAt ? ['matter' as const] : []),
      ];
      for (const model of models) {
        const result = await ensureClioHook(deps, tenant, model).catch((error: unknown) => {
          logger.warn('Clio webhook renewal failed', { tenantId: id, model, error: error as Error });
          return 'failed' as const;
        });
        results[result] = (results[result] ?? 0) + 1;
      }
    }
    logger.info('Clio webhooks renewed', results);
    return results;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
