import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../../shared/config/wiring.js';
import { logger } from '../../shared/observability/logger.js';
import { createAdminApi } from '../../shared/http/admin-api.js';

/** API Gateway HTTP API (v2) → the tenant admin API. */
export const createAdminHandler = (deps: Dependencies, options: { readonly consoleDir?: string } = {}) => {
  const admin = createAdminApi(deps, options);
  return middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const headers = Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // An HTTP API (payload 2.0) hands the request's cookies over in `cookies`, not in its headers.
    if (event.cookies !== undefined && event.cookies.length > 0) headers.cookie = event.cookies.join('; ');
    return admin({
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: new URLSearchParams(event.rawQueryString),
      headers,
      body: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
    });
  }).use(injectLambdaContext(logger, { resetKeys: true }));
};
