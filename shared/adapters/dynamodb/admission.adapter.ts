import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantAdmission } from '../../ports/tenant-admission.js';

/**
 * One counter item per tenant and window in the idempotency table (`id` = `admission#<tenant>#<window>`), kept
 * with its `tenantId` (a tenant's purge finds it) and an `expiration` TTL a minute past its window. An atomic
 * ADD: every ingest instance counts into the same item.
 */
export const createDynamoTenantAdmission = (options: { client: DynamoDBDocumentClient; tableName: string; windowSeconds: number }): TenantAdmission => ({
  async count(tenantId, window) {
    const { Attributes } = await options.client.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: { id: `admission#${tenantId}#${window}` },
        UpdateExpression: 'ADD callbacks :one SET tenantId = :t, expiration = :e',
        ExpressionAttributeValues: { ':one': 1, ':t': tenantId, ':e': window + options.windowSeconds + 60 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.callbacks ?? 1);
  },
});
