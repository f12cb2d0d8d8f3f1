import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PurgePage } from '../../ports/tenant-purge.js';

/** Items read per page of a purge: four batch writes, well inside one admin request. */
export const PURGE_PAGE_SIZE = 100;
/** DynamoDB's limit per BatchWriteItem. */
const BATCH_SIZE = 25;
/** Tries of a batch whose items DynamoDB left unprocessed (throttling), with backoff between them. */
const BATCH_ATTEMPTS = 6;

type Key = Record<string, unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const encodeKey = (key: Key | undefined): string | undefined => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
export const decodeKey = (cursor: string | undefined): Key | undefined =>
  cursor === undefined ? undefined : (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Key);

/**
 * Deletes the items by key, 25 per BatchWriteItem, sending again what DynamoDB left unprocessed (with backoff).
 * @returns how many were deleted
 * @throws when DynamoDB still leaves some unprocessed after every try (the next purge picks them up)
 */
export const batchDelete = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  options: { readonly backoffMs?: number } = {},
): Promise<number> => {
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    let requests = keys.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error(`DynamoDB left ${requests.length} deletes in ${tableName} unprocessed after ${BATCH_ATTEMPTS} tries`);
      if (attempt > 1) await sleep((options.backoffMs ?? 50) * 2 ** (attempt - 2));
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : []));
    }
  }
  return keys.length;
};

/**
 * One page of a table whose partition key is the tenant id: read (keys only) and deleted; with a `prefix`, only the
 * items whose sort key begins with it.
 */
export const purgePartition = async (
  options: { readonly client: DynamoDBDocumentClient; readonly tableName: string; readonly sortKey: string; readonly prefix?: string },
  tenantId: string,
  after?: string,
): Promise<PurgePage> => {
  const start = decodeKey(after);
  const page = await options.client.send(
    new QueryCommand({
      TableName: options.tableName,
      KeyConditionExpression: options.prefix === undefined ? 'tenantId = :t' : 'tenantId = :t AND begins_with(#sk, :p)',
      ExpressionAttributeValues: { ':t': tenantId, ...(options.prefix === undefined ? {} : { ':p': options.prefix }) },
      ProjectionExpression: 'tenantId, #sk',
      ExpressionAttributeNames: { '#sk': options.sortKey },
      ConsistentRead: true,
      Limit: PURGE_PAGE_SIZE,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const keys = (page.Items ?? []).map((item): Key => ({ tenantId, [options.sortKey]: item[options.sortKey] as unknown }));
  const removed = await batchDelete(options.client, options.tableName, keys);
  const next = encodeKey(page.LastEvaluatedKey);
  return { removed, ...(next ? { next } : {}) };
};
