import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DedupStore } from '../../ports/dedup-store.js';

/** 72 hours: longer than any provider retries a callback. */
export const DEDUP_WINDOW_SECONDS = 72 * 3600;

/** Idempotency table: pk `id`, TTL `expiration` (the layout Powertools idempotency uses). */
export const createDynamoDedupStore = (options: { client: DynamoDBDocumentClient; tableName: string; now?: () => number }): DedupStore => {
  const now = options.now ?? Date.now;
  return {
    async claim(key) {
      const nowSeconds = Math.floor(now() / 1000);
      try {
        await options.client.send(new PutCommand({
          TableName: options.tableName,
          Item: { id: `ingest#${key}`, expiration: nowSeconds + DEDUP_WINDOW_SECONDS },
          // An expired claim that TTL has not swept yet no longer counts.
          ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async release(key) {
      await options.client.send(new DeleteCommand({ TableName: options.tableName, Key: { id: `ingest#${key}` } }));
    },
  };
};
