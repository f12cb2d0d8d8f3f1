import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isOpenMatter, type MatterSummary } from '../../domain/matter-choice.js';
import { MAX_MATTER_PARTIES, type MatterIndex, type MatterSyncState } from '../../ports/matter-index.js';
import { versionedSyncState } from './sync-state.js';
import { purgePartition } from './purge.js';

/** Every matter index item's sort key starts with it: the phone index's own keys are numbers and `#contact#`/`#sync`. */
const PREFIX = '#matters#';
const SYNC_KEY = `${PREFIX}sync`;
const USER_KEY = `${PREFIX}user`;
const matterKey = (id: number) => `${PREFIX}matter#${id}`;
const partyPrefix = (contactId: number) => `${PREFIX}party#${contactId}#`;
const partyKey = (contactId: number, matterId: number) => `${partyPrefix(contactId)}${matterId}`;

const summaryOf = (m: MatterSummary): MatterSummary => ({
  id: m.id, status: m.status, ...(m.updatedAt ? { updatedAt: m.updatedAt } : {}), ...(m.openDate ? { openDate: m.openDate } : {}),
});

/**
 * The matter index, in the phone index's table (pk `tenantId`, sk `e164`, here a key of its own): one item per
 * (party, matter) pair (`#matters#party#1001#902`, the matter's summary), one per matter listing its parties
 * (`#matters#matter#902`, to drop the pairs it loses), the sync state and the connected user.
 */
export const createDynamoMatterIndex = (options: { client: DynamoDBDocumentClient; tableName: string }): MatterIndex => {
  const { client, tableName } = options;
  const syncState = versionedSyncState<MatterSyncState>(client, tableName, SYNC_KEY);
  const get = async (tenantId: string, key: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { tenantId, e164: key }, ConsistentRead: true }))).Item;
  const deleteKeys = async (tenantId: string, keys: readonly string[]) => {
    for (let i = 0; i < keys.length; i += 25) {
      await client.send(new BatchWriteCommand({
        RequestItems: { [tableName]: keys.slice(i, i + 25).map((key) => ({ DeleteRequest: { Key: { tenantId, e164: key } } })) },
      }));
    }
  };
  const partiesOf = async (tenantId: string, matterId: number) => (await get(tenantId, matterKey(matterId))) as { matter: MatterSummary; parties: number[] } | undefined;
  const remove = async (tenantId: string, matterId: number) => {
    const previous = (await partiesOf(tenantId, matterId))?.parties ?? [];
    await deleteKeys(tenantId, previous.map((p) => partyKey(p, matterId)));
    await client.send(new DeleteCommand({ TableName: tableName, Key: { tenantId, e164: matterKey(matterId) } }));
  };
  const write = async (tenantId: string, matter: MatterSummary, parties: readonly number[]) => {
    for (const party of parties) await client.send(new PutCommand({ TableName: tableName, Item: { tenantId, e164: partyKey(party, matter.id), matter } }));
    await client.send(new PutCommand({ TableName: tableName, Item: { tenantId, e164: matterKey(matter.id), matter, parties } }));
  };

  return {
    async lookup(tenantId, contactId) {
      const sync = (await get(tenantId, SYNC_KEY)) as MatterSyncState | undefined;
      if (!sync?.completedAt) return undefined;
      const { Items = [] } = await client.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'tenantId = :t AND begins_with(e164, :p)',
        ExpressionAttributeValues: { ':t': tenantId, ':p': partyPrefix(contactId) },
        ConsistentRead: true,
      }));
      return Items.map((item) => item.matter as MatterSummary);
    },
    async put(tenantId, matter, mode) {
      if (!isOpenMatter(matter)) return remove(tenantId, matter.id);
      const previous = (await partiesOf(tenantId, matter.id))?.parties ?? [];
      const parties = [...new Set(mode === 'merge' ? [...matter.parties, ...previous] : matter.parties)].slice(0, MAX_MATTER_PARTIES);
      await deleteKeys(tenantId, previous.filter((p) => !parties.includes(p)).map((p) => partyKey(p, matter.id)));
      await write(tenantId, summaryOf(matter), parties);
    },
    async addParty(tenantId, matterId, contactId) {
      const indexed = await partiesOf(tenantId, matterId);
      if (!indexed || indexed.parties.includes(contactId) || indexed.parties.length >= MAX_MATTER_PARTIES) return;
      await write(tenantId, indexed.matter, [...indexed.parties, contactId]);
    },
    remove,
    purgeTenant: (tenantId, after) => purgePartition({ client, tableName, sortKey: 'e164', prefix: PREFIX }, tenantId, after),
    syncState: (tenantId) => syncState.load(tenantId),
    saveSyncState: (tenantId, state) => syncState.save(tenantId, state),
    async connectedUser(tenantId) {
      const userId: unknown = (await get(tenantId, USER_KEY))?.userId;
      return typeof userId === 'number' ? userId : undefined;
    },
    async saveConnectedUser(tenantId, userId) {
      await client.send(new PutCommand({ TableName: tableName, Item: { tenantId, e164: USER_KEY, userId } }));
    },
  };
};
