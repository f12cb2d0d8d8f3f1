import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RefreshLock } from '../../ports/refresh-lock.js';

/** A lease on the tenant's own item (attribute `clioRefreshLock`, epoch ms), taken with a conditional update. */
export const createDynamoRefreshLock = (options: { client: DynamoDBDocumentClient; tableName: string }): RefreshLock => ({
  async acquire(tenantId, ttlMs) {
    const now = Date.now();
    try {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET clioRefreshLock = :until',
          ConditionExpression: 'attribute_exists(tenantId) AND (attribute_not_exists(clioRefreshLock) OR clioRefreshLock < :now)',
          ExpressionAttributeValues: { ':until': now + ttlMs, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
  async release(tenantId) {
    await options.client.send(new UpdateCommand({ TableName: options.tableName, Key: { tenantId }, UpdateExpression: 'REMOVE clioRefreshLock' }));
  },
});
