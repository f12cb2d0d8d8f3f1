import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '../../domain/outcome.js';
import type { OutcomeLog } from '../../ports/outcome-log.js';

/** How long outcomes are kept for the admin API and replays. */
const RETENTION_SECONDS = 180 * 24 * 3600;

export interface DynamoOutcomeLogOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Outcomes table: pk `tenantId`, sk `eventId`, TTL `expiresAt`; GSI `byRecordedAt` lists them newest first. */
export const createDynamoOutcomeLog = (options: DynamoOutcomeLogOptions): OutcomeLog => ({
  async get(tenantId, eventId) {
    const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId, eventId }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { expiresAt, ...outcome } = Item;
    return outcome as Outcome;
  },
  async record(outcome) {
    try {
      await options.client.send(new PutCommand({
        TableName: options.tableName,
        Item: { ...outcome, expiresAt: Math.floor(Date.parse(outcome.recordedAt) / 1000) + RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(eventId) OR #status <> :logged',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':logged': 'logged' },
      }));
    } catch (error) {
      // A logged outcome is final: the event is in Clio, and no later attempt may say otherwise.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
});
