import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsoleSession } from '../../domain/console-session.js';
import type { SessionStore } from '../../ports/session-store.js';

/** Items of the tenants table whose key starts so are console sessions, not firms (a firm's id is `[a-z0-9-]`). */
export const SESSION_KEY_PREFIX = 'session#';

/** Console sessions in the tenants table, each removed by DynamoDB's TTL (`ttl`, epoch seconds) once it expires. */
export const createDynamoSessionStore = (options: { readonly client: DynamoDBDocumentClient; readonly tableName: string }): SessionStore => ({
  async put(idHash, session) {
    await options.client.send(
      new PutCommand({
        TableName: options.tableName,
        Item: { tenantId: `${SESSION_KEY_PREFIX}${idHash}`, session, ttl: Math.ceil(new Date(session.expiresAt).getTime() / 1000) },
      }),
    );
  },
  async get(idHash, now) {
    const { Item } = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: { tenantId: `${SESSION_KEY_PREFIX}${idHash}` }, ConsistentRead: true }),
    );
    const session = Item?.session as ConsoleSession | undefined;
    // TTL deletes within days, not at once: an expired session is refused here.
    return session && new Date(session.expiresAt) > now ? session : undefined;
  },
  async delete(idHash) {
    await options.client.send(new DeleteCommand({ TableName: options.tableName, Key: { tenantId: `${SESSION_KEY_PREFIX}${idHash}` } }));
  },
});
