import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { json, refusalResponse } from '../../shared/http/answers.js';
import { logger } from '../../shared/observability/logger.js';
import { createWebhookIngest, type WebhookIngestDeps } from '../../shared/use-cases/ingest-webhook.js';

/** API Gateway HTTP API (v2) → the webhook ingest use case. */
export const createIngestHandler = (deps: WebhookIngestDeps) => {
  const ingest = createWebhookIngest(deps);
  return middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // Each provider has its own route (`…/webhooks/twilio`), so the provider is the path's last segment.
    const tenantId = event.pathParameters?.tenantId;
    const provider = event.pathParameters?.provider ?? /\/webhooks\/([^/]+)$/.exec(event.rawPath)?.[1];
    if (!tenantId || !provider) return json(404, { error: { code: 'not_found', message: 'No such route' } });
    const headers = Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    try {
      return await ingest(
        { method: event.requestContext.http.method, path: event.rawPath, rawQuery: event.rawQueryString, headers, body },
        { tenantId, provider, correlationId: event.requestContext.requestId },
      );
    } catch (error) {
      const refused = refusalResponse(error);
      if (!refused) throw error;
      return refused;
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
};
