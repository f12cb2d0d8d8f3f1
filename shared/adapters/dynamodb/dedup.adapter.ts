import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DedupStore } from '../../ports/dedup-store.js';

/** 72 hours: longer than any provider retries a callback. */
export const DEDUP_WINDOW_SECONDS = 72 * 3600;

/** Idempotency table: pk `id`, TTL `expiration` (the layout Powertools idempotency uses). */
export const createDynamoDedupStore = (options: { client: DynamoDBDocumentClient; tableName: string; now?: () => number }): DedupStore => {
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  return {
    async seen(key) {
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { id: `ingest#${key}` }, ConsistentRead: true }));
      // An expired key that TTL has not swept yet no longer counts.
      return typeof Item?.expiration === 'number' && Item.expiration >= nowSeconds();
    },
    async remember(key) {
      await options.client.send(new PutCommand({ TableName: options.tableName, Item: { id: `ingest#${key}`, expiration: nowSeconds() + DEDUP_WINDOW_SECONDS } }));
    },
  };
};
