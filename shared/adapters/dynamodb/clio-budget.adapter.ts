import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClioBudget } from '../../ports/clio-budget.js';

/** The pause lives on the tenant's own item (attribute `clioPausedUntil`, unix seconds); it only moves later. */
export const createDynamoClioBudget = (options: { client: DynamoDBDocumentClient; tableName: string }): ClioBudget => ({
  async pausedUntil(tenantId) {
    const { Item } = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: { tenantId }, ProjectionExpression: 'clioPausedUntil', ConsistentRead: true }),
    );
    const until = Item?.clioPausedUntil as number | undefined;
    return until !== undefined && until > Date.now() / 1000 ? until : undefined;
  },
  async pause(tenantId, until) {
    try {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET clioPausedUntil = :until',
          ConditionExpression: 'attribute_exists(tenantId) AND (attribute_not_exists(clioPausedUntil) OR clioPausedUntil < :until)',
          ExpressionAttributeValues: { ':until': until },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
});
