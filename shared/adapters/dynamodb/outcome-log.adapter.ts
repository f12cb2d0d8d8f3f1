import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.js';
import type { Outcome } from '../../domain/outcome.js';
import type { OutcomeLog, OutcomeQuery } from '../../ports/outcome-log.js';
import { purgePartition } from './purge.js';

export const OUTCOMES_BY_RECORDED_AT = 'byRecordedAt';
/**
 * What the index keeps beside its keys: what listings filter on. Outcomes themselves (events, traces) are read from
 * the table, so the index holds no second copy of anything a tenant sent (SECURITY.md).
 */
export const OUTCOMES_INDEX_ATTRIBUTES = ['status', 'reason'] as const;

export interface DynamoOutcomeLogOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long outcomes are kept for the admin API and replays (per environment). */
  readonly retentionDays: number;
}

const toOutcome = (item: Record<string, unknown>): Outcome => {
  const { expiresAt, ...outcome } = item;
  return outcome as unknown as Outcome;
};

const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const decodeCursor = (cursor: string, tenantId: string): Record<string, unknown> => {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.tenantId === tenantId && typeof key.eventId === 'string' && typeof key.recordedAt === 'string') return key;
  } catch {
    // fall through: not a cursor of ours
  }
  throw new ValidationError('invalid_cursor', 'cursor is not one this API returned');
};

/** Outcomes table: pk `tenantId`, sk `eventId`, TTL `expiresAt`; GSI `byRecordedAt` lists them newest first. */
export const createDynamoOutcomeLog = (options: DynamoOutcomeLogOptions): OutcomeLog => {
  const expiresAt = (at: string): number => Math.floor(Date.parse(at) / 1000) + options.retentionDays * 24 * 3600;
  /** The outcomes an index page named, in its order (at most 100: one batch; an item gone since is left out). */
  const whole = async (tenantId: string, eventIds: readonly string[]): Promise<Outcome[]> => {
    if (eventIds.length === 0) return [];
    const found = new Map<string, Outcome>();
    let keys: Record<string, unknown>[] | undefined = eventIds.map((eventId) => ({ tenantId, eventId }));
    while (keys && keys.length > 0) {
      const {
        Responses,
        UnprocessedKeys,
      }: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } =
        await options.client.send(new BatchGetCommand({ RequestItems: { [options.tableName]: { Keys: keys } } }));
      for (const item of Responses?.[options.tableName] ?? []) found.set(String(item.eventId), toOutcome(item));
      keys = UnprocessedKeys?.[options.tableName]?.Keys;
    }
    return eventIds.flatMap((eventId) => found.get(eventId) ?? []);
  };
  return {
    async get(tenantId, eventId) {
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId, eventId }, ConsistentRead: true }));
      return Item ? toOutcome(Item) : undefined;
    },
    async record(outcome) {
      try {
        await options.client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: { ...outcome, expiresAt: expiresAt(outcome.recordedAt) },
            ConditionExpression: 'attribute_not_exists(eventId) OR #status <> :logged',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':logged': 'logged' },
          }),
        );
      } catch (error) {
        // A logged outcome is final: the event is in Clio, and no later attempt may say otherwise.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    // Beside the outcome, under its own key and without `recordedAt`, so listings never show it. The message's count
    // starts over when another message carries the event: the first update holds while the message is the same.
    async countAttempt(tenantId, eventId, messageId) {
      const key = { tenantId, eventId: `#retry#${eventId}` };
      const common = { ':one': 1, ':message': messageId, ':expires': expiresAt(new Date().toISOString()) };
      const updates = [
        { UpdateExpression: 'ADD attempts :one, messageAttempts :one SET expiresAt = :expires', ConditionExpression: 'messageId = :message' },
        {
          UpdateExpression: 'ADD attempts :one SET messageId = :message, messageAttempts = :one, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(messageId) OR messageId <> :message',
        },
      ];
      // Two tries of each: a condition fails only when another delivery of the event counted in between.
      for (const update of [...updates, ...updates]) {
        try {
          const { Attributes } = await options.client.send(
            new UpdateCommand({
              TableName: options.tableName,
              Key: key,
              ...update,
              ExpressionAttributeValues: common,
              ReturnValues: 'ALL_NEW',
            }),
          );
          return { attempt: Number(Attributes?.attempts), ofMessage: Number(Attributes?.messageAttempts) };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      throw new Error(`The attempts of ${eventId} kept changing while they were counted`);
    },
    async returnAttempt(tenantId, eventId, messageId) {
      try {
        await options.client.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: { tenantId, eventId: `#retry#${eventId}` },
            UpdateExpression: 'ADD messageAttempts :less',
            // Only the message that counted it, and never below nothing.
            ConditionExpression: 'messageId = :message AND messageAttempts > :none',
            ExpressionAttributeValues: { ':less': -1, ':message': messageId, ':none': 0 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async noteRetry(tenantId, eventId, note) {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId, eventId: `#retry#${eventId}` },
          UpdateExpression: 'SET attempt = :attempt, #error = :error, #at = :at, expiresAt = :expires',
          ExpressionAttributeNames: { '#error': 'error', '#at': 'at' },
          ExpressionAttributeValues: { ':attempt': note.attempt, ':error': note.error, ':at': note.at, ':expires': expiresAt(note.at) },
        }),
      );
    },
    async lastRetry(tenantId, eventId) {
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId, eventId: `#retry#${eventId}` } }));
      // An item with counts only: its attempts have not failed (yet).
      return Item?.error === undefined ? undefined : { attempt: Number(Item.attempt), error: String(Item.error), at: String(Item.at) };
    },
    // Outcomes and their `#retry#` notes share the tenant's partition: both go. (The index follows its table.)
    purgeTenant: (tenantId, after) => purgePartition({ client: options.client, tableName: options.tableName, sortKey: 'eventId' }, tenantId, after),
    async list(tenantId, query: OutcomeQuery) {
      const filters = [query.status ? '#status = :status' : undefined, query.reason ? '#reason = :reason' : undefined].filter((f) => f !== undefined);
      const names = { ...(query.status ? { '#status': 'status' } : {}), ...(query.reason ? { '#reason': 'reason' } : {}) };
      const items: Outcome[] = [];
      let start = query.cursor ? decodeCursor(query.cursor, tenantId) : undefined;
      // A filter applies after the page is read, so keep reading until the page is full or the index ends.
      do {
        const page = await options.client.send(
          new QueryCommand({
            TableName: options.tableName,
            IndexName: OUTCOMES_BY_RECORDED_AT,
            KeyConditionExpression: query.since ? 'tenantId = :t AND recordedAt >= :since' : 'tenantId = :t',
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ...(filters.length > 0 ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: {
              ':t': tenantId,
              ...(query.since ? { ':since': query.since } : {}),
              ...(query.status ? { ':status': query.status } : {}),
              ...(query.reason ? { ':reason': query.reason } : {}),
            },
            ScanIndexForward: false,
            Limit: query.limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(
          ...(await whole(
            tenantId,
            (page.Items ?? []).map((item) => String(item.eventId)),
          )),
        );
        start = page.LastEvaluatedKey;
      } while (start && items.length < query.limit);
      const last = items.at(-1);
      const more = start !== undefined && last !== undefined;
      return { items, ...(more ? { nextCursor: encodeCursor({ tenantId, eventId: last.eventId, recordedAt: last.recordedAt }) } : {}) };
    },
  };
};
