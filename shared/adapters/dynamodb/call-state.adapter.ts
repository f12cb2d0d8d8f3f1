import { createHash } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallStateStore } from '../../ports/call-state-store.js';
import type { CallFragment } from '../../ports/webhook-provider.js';
import { purgePartition } from './purge.js';

/** Calls are final within hours; late recordings arrive within minutes. */
const RETENTION_SECONDS = 7 * 24 * 3600;
/** A real call has a handful of legs and a few callbacks each; a call with more is not one a provider reports. */
export const MAX_FRAGMENTS_PER_CALL = 200;

/**
 * A provider's id as a part of the sort key: as it is, or its SHA-256 when long. A sort key holds at most 1,024
 * bytes; ids are the provider's (and a tenant can sign anything), so a long one must not make every callback of the
 * call fail. The same id always gives the same part: fragments are still kept once.
 */
const keyPart = (id: string): string => (Buffer.byteLength(id) <= 240 ? id : `~sha256:${createHash('sha256').update(id).digest('hex')}`);

/**
 * Call state table: pk `tenantId`, sk `callKey` = `<provider>#<call id>#<event key>`, one item per fragment
 * (idempotent puts, no read-modify-write race), TTL `expiresAt`.
 */
export const createDynamoCallStateStore = (options: { client: DynamoDBDocumentClient; tableName: string }): CallStateStore => {
  const fragments = async (tenantId: string, prefix: string): Promise<readonly CallFragment[]> => {
    const found: CallFragment[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await options.client.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'tenantId = :t AND begins_with(callKey, :p)',
          ExpressionAttributeValues: { ':t': tenantId, ':p': prefix },
          ConsistentRead: true,
          Limit: MAX_FRAGMENTS_PER_CALL,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(page.Items ?? []).map((item) => item.fragment as CallFragment));
      start = page.LastEvaluatedKey;
    } while (start && found.length < MAX_FRAGMENTS_PER_CALL);
    // Bounded work per callback, whatever a tenant sends under one call id.
    return found.slice(0, MAX_FRAGMENTS_PER_CALL);
  };
  return {
    async append(tenantId, provider, callKey, fragment) {
      const prefix = `${provider}#${keyPart(callKey)}#`;
      await options.client.send(
        new PutCommand({
          TableName: options.tableName,
          Item: { tenantId, callKey: `${prefix}${keyPart(fragment.eventKey)}`, fragment, expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS },
        }),
      );
      return fragments(tenantId, prefix);
    },
    fragments: (tenantId, provider, callKey) => fragments(tenantId, `${provider}#${keyPart(callKey)}#`),
    purgeTenant: (tenantId, after) => purgePartition({ client: options.client, tableName: options.tableName, sortKey: 'callKey' }, tenantId, after),
  };
};
