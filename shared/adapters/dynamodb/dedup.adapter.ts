import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DedupStore } from '../../ports/dedup-store.js';
import { decodeKey, encodeKey } from './purge.js';

/** 72 hours: longer than any provider retries a callback. */
export const DEDUP_WINDOW_SECONDS = 72 * 3600;

/** Items a purge reads per page of its scan (the filter applies after the read). */
const SCAN_PAGE_SIZE = 500;
/** Deletes a purge has in flight at once. */
const DELETE_CONCURRENCY = 10;

/**
 * Idempotency table: pk `id`, TTL `expiration` (the layout Powertools idempotency uses). Each key is kept with its
 * `tenantId`, so a tenant's purge finds its keys; the key itself is a hash and names nobody.
 */
export const createDynamoDedupStore = (options: { client: DynamoDBDocumentClient; tableName: string; now?: () => number }): DedupStore => {
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  /** Deletes the item only while it is still the tenant's: true when it was. */
  const deleteOwn = async (id: string, tenantId: string): Promise<boolean> => {
    try {
      await options.client.send(
        new DeleteCommand({ TableName: options.tableName, Key: { id }, ConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    async seen(key) {
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { id: `ingest#${key}` }, ConsistentRead: true }));
      // An expired key that TTL has not swept yet no longer counts.
      return typeof Item?.expiration === 'number' && Item.expiration >= nowSeconds();
    },
    async remember(key, tenantId) {
      await options.client.send(
        new PutCommand({ TableName: options.tableName, Item: { id: `ingest#${key}`, tenantId, expiration: nowSeconds() + DEDUP_WINDOW_SECONDS } }),
      );
    },
    // The table is keyed by a hash, not by tenant: only a scan finds a tenant's keys. Operator-only and rare.
    async purgeTenant(tenantId, after) {
      const start = decodeKey(after);
      const page = await options.client.send(
        new ScanCommand({
          TableName: options.tableName,
          FilterExpression: 'tenantId = :t',
          ExpressionAttributeValues: { ':t': tenantId },
          ProjectionExpression: 'id',
          ConsistentRead: true,
          Limit: SCAN_PAGE_SIZE,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item.id));
      let removed = 0;
      for (let i = 0; i < ids.length; i += DELETE_CONCURRENCY) {
        const deleted = await Promise.all(ids.slice(i, i + DELETE_CONCURRENCY).map((id) => deleteOwn(id, tenantId)));
        removed += deleted.filter(Boolean).length;
      }
      const next = encodeKey(page.LastEvaluatedKey);
      return { removed, ...(next ? { next } : {}) };
    },
  };
};
