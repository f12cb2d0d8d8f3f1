import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A sync's progress as one item of the tenant's partition (sort key `e164` = `key`), saved only if nobody saved it
 * since it was read (its `version`): two runs never interleave their progress. The phone and matter indexes' syncs.
 */
export const versionedSyncState = <S extends { readonly version?: number }>(client: DynamoDBDocumentClient, tableName: string, key: string) => ({
  async load(tenantId: string): Promise<S | undefined> {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { tenantId, e164: key }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { tenantId: _t, e164: _k, ...state } = Item;
    return state as S;
  },
  async save(tenantId: string, state: S): Promise<S | undefined> {
    const saved = { ...state, version: (state.version ?? 0) + 1 };
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...saved, tenantId, e164: key },
          ConditionExpression: state.version === undefined ? 'attribute_not_exists(version)' : 'version = :read',
          ...(state.version === undefined ? {} : { ExpressionAttributeValues: { ':read': state.version } }),
        }),
      );
      return saved;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  },
});
