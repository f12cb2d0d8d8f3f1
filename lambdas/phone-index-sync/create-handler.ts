import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Dependencies } from '../../shared/config/wiring.js';
import { logger } from '../../shared/observability/logger.js';
import { syncAllTenants } from '../../shared/use-cases/sync-api.js';

/** Stop reading pages this long before the function's own timeout, so the cursor is always saved. */
const SAFETY_MARGIN_MS = 30_000;

/** The schedule (EventBridge) → continue running syncs and refresh every complete phone and matter index. */
export const createPhoneIndexSyncHandler = (deps: Dependencies) =>
  middy(async (_event: unknown, context: Context) => {
    const result = await syncAllTenants(deps, Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
    logger.info('Index sync run', result);
    return result;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
