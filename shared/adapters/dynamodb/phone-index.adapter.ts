import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactCandidate } from '../../domain/contact-matching.js';
import { toE164 } from '../../domain/phone.js';
import type { IndexedContact, PhoneIndex, SyncState } from '../../ports/phone-index.js';
import { versionedSyncState } from './sync-state.js';
import { purgePartition } from './purge.js';

const SYNC_KEY = '#sync';
const contactKey = (id: number) => `#contact#${id}`;
const pairKey = (e164: string, id: number) => `${e164}#${id}`;

/**
 * Phone index table: pk `tenantId`, sk `e164`. One item per (number, contact) pair (`+14155550100#1001`), one
 * per contact listing its numbers and its `updated_at` (`#contact#1001`, to drop the pairs it loses), and the sync state (`#sync`).
 * Every write is an idempotent put or delete: no read-modify-write races between sync and webhooks.
 */
export const createDynamoPhoneIndex = (options: { client: DynamoDBDocumentClient; tableName: string }): PhoneIndex => {
  const { client, tableName } = options;
  const syncState = versionedSyncState<SyncState>(client, tableName, SYNC_KEY);
  const get = async (tenantId: string, e164: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { tenantId, e164 }, ConsistentRead: true }))).Item;
  const deletePairs = async (tenantId: string, id: number, numbers: readonly string[]) => {
    for (let i = 0; i < numbers.length; i += 25) {
      await client.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: numbers.slice(i, i + 25).map((n) => ({ DeleteRequest: { Key: { tenantId, e164: pairKey(n, id) } } })) },
        }),
      );
    }
  };

  return {
    async lookup(tenantId, e164) {
      const sync = (await get(tenantId, SYNC_KEY)) as SyncState | undefined;
      if (!sync?.completedAt) return undefined;
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'tenantId = :t AND begins_with(e164, :n)',
          ExpressionAttributeValues: { ':t': tenantId, ':n': `${e164}#` },
          ConsistentRead: true,
        }),
      );
      return Items.map((item) => item.contact as IndexedContact);
    },
    async put(tenantId, contact: ContactCandidate, defaultCountry) {
      const numbers = [...new Set(contact.phoneNumbers.map((n) => toE164(n, defaultCountry)).filter((n) => n !== undefined))];
      const previous = ((await get(tenantId, contactKey(contact.id)))?.numbers ?? []) as string[];
      await deletePairs(
        tenantId,
        contact.id,
        previous.filter((n) => !numbers.includes(n)),
      );
      const entry: IndexedContact = {
        id: contact.id,
        name: contact.name,
        isClient: contact.isClient,
        ...(contact.updatedAt ? { updatedAt: contact.updatedAt } : {}),
      };
      for (const number of numbers) {
        await client.send(new PutCommand({ TableName: tableName, Item: { tenantId, e164: pairKey(number, contact.id), contact: entry } }));
      }
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { tenantId, e164: contactKey(contact.id), numbers, ...(contact.updatedAt ? { updatedAt: contact.updatedAt } : {}) },
        }),
      );
    },
    async remove(tenantId, contactId) {
      const previous = ((await get(tenantId, contactKey(contactId)))?.numbers ?? []) as string[];
      await deletePairs(tenantId, contactId, previous);
      await client.send(new DeleteCommand({ TableName: tableName, Key: { tenantId, e164: contactKey(contactId) } }));
    },
    async claimCreation(tenantId, e164, eventId, seconds) {
      const now = Math.floor(Date.now() / 1000);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { tenantId, e164: `#creating#${e164}`, eventId, expiresAt: now + seconds },
            ConditionExpression: 'attribute_not_exists(e164) OR expiresAt < :now OR eventId = :event',
            ExpressionAttributeValues: { ':now': now, ':event': eventId },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async indexedVersion(tenantId, contactId) {
      const item = await get(tenantId, contactKey(contactId));
      const updatedAt: unknown = item?.updatedAt;
      return typeof updatedAt === 'string' ? { updatedAt, numbers: (item?.numbers ?? []) as string[] } : undefined;
    },
    // Pairs, contact lists and the sync state all live in the tenant's partition.
    purgeTenant: (tenantId, after) => purgePartition({ client, tableName, sortKey: 'e164' }, tenantId, after),
    syncState: (tenantId) => syncState.load(tenantId),
    saveSyncState: (tenantId, state) => syncState.save(tenantId, state),
  };
};
