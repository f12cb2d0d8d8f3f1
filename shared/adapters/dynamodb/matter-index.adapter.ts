import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isOpenMatter, type MatterSummary } from '../../domain/matter-choice.js';
import type { Clock } from '../../ports/clock.js';
import { MAX_CONTACT_MATTERS, MAX_MATTER_PARTIES, type MatterIndex, type MatterSyncState } from '../../ports/matter-index.js';
import { versionedSyncState } from './sync-state.js';
import { batchDelete, decodeKey, encodeKey, purgePartition } from './purge.js';

/** Every matter index item's sort key starts with it: the phone index's own keys are numbers and `#contact#`/`#sync`. */
const PREFIX = '#matters#';
const SYNC_KEY = `${PREFIX}sync`;
const USER_KEY = `${PREFIX}user`;
const MATTER_PREFIX = `${PREFIX}matter#`;
const PARTY_PREFIX = `${PREFIX}party#`;
const matterKey = (id: number) => `${MATTER_PREFIX}${id}`;
const partyPrefix = (contactId: number) => `${PARTY_PREFIX}${contactId}#`;
const partyKey = (contactId: number, matterId: number) => `${partyPrefix(contactId)}${matterId}`;
/** Items the sweep reads per page. */
const SWEEP_PAGE = 100;

/** A matter's own item. `parties` (every party, the client among them) is how items were written before the client was kept apart. */
interface MatterItem {
  readonly matter: MatterSummary;
  readonly clientId?: number;
  readonly related?: readonly number[];
  readonly parties?: readonly number[];
  /** When Clio last confirmed the matter: a full sync sweeps what it did not confirm. */
  readonly seenAt?: string;
}

const summaryOf = (m: MatterSummary): MatterSummary => ({
  id: m.id,
  status: m.status,
  ...(m.updatedAt ? { updatedAt: m.updatedAt } : {}),
  ...(m.openDate ? { openDate: m.openDate } : {}),
});
// An item written before the client was kept apart counts every party as related until a full sync sweeps it.
const relatedOf = (item: MatterItem | undefined): readonly number[] => item?.related ?? item?.parties ?? [];
/** Not written nor confirmed by Clio since `before` (an item without `seenAt` predates the sweep). */
const unseen = (item: MatterItem | undefined, before: string): boolean => item !== undefined && !(typeof item.seenAt === 'string' && item.seenAt >= before);
const partiesOf = (item: MatterItem | undefined): number[] => [...new Set([...(item?.clientId === undefined ? [] : [item.clientId]), ...relatedOf(item)])];

/**
 * The matter index, in the phone index's table (pk `tenantId`, sk `e164`, here a key of its own): one item per
 * (party, matter) pair (`#matters#party#1001#902`, the matter's summary), one per matter with its client and
 * related parties (`#matters#matter#902`, to drop the pairs it loses), the sync state and the connected user. Every
 * matter and pair carries `seenAt`, when Clio last confirmed it, which a full sync's sweep compares with its start.
 */
export const createDynamoMatterIndex = (options: { client: DynamoDBDocumentClient; tableName: string; clock: Clock }): MatterIndex => {
  const { client, tableName, clock } = options;
  // The clock the sync dates its start with: the sweep compares `seenAt` with that start.
  const now = () => clock.now().toISOString();
  const syncState = versionedSyncState<MatterSyncState>(client, tableName, SYNC_KEY);
  const get = async (tenantId: string, key: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { tenantId, e164: key }, ConsistentRead: true }))).Item;
  const deleteKeys = (tenantId: string, keys: readonly string[]) =>
    batchDelete(
      client,
      tableName,
      keys.map((e164) => ({ tenantId, e164 })),
    );
  const matterItem = async (tenantId: string, matterId: number) => (await get(tenantId, matterKey(matterId))) as MatterItem | undefined;
  const putItem = (tenantId: string, item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item: { ...item, tenantId } }));
  const putParty = (tenantId: string, contactId: number, matter: MatterSummary, seenAt: string) =>
    putItem(tenantId, { e164: partyKey(contactId, matter.id), matter, seenAt });
  /** The pair's summary follows the matter's; its `seenAt` stays, since nothing confirmed the party itself. */
  const refreshParty = async (tenantId: string, contactId: number, matter: MatterSummary) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { tenantId, e164: partyKey(contactId, matter.id) },
          UpdateExpression: 'SET #m = :m',
          ConditionExpression: 'attribute_exists(e164)',
          ExpressionAttributeNames: { '#m': 'matter' },
          ExpressionAttributeValues: { ':m': matter },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  /** Deletes the pair unless something wrote or confirmed it since `before` (a conditional delete). */
  const deleteUnseenParty = async (tenantId: string, key: string, before: string) => {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: { tenantId, e164: key },
          ConditionExpression: 'attribute_not_exists(seenAt) OR seenAt < :before',
          ExpressionAttributeValues: { ':before': before },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  const remove = async (tenantId: string, matterId: number) => {
    const item = await matterItem(tenantId, matterId);
    await deleteKeys(tenantId, [...partiesOf(item).map((p) => partyKey(p, matterId)), matterKey(matterId)]);
  };
  /**
   * Takes the contact off the matter's item in one conditional update (the list entry or the client, as read), so
   * that a party added or a matter written meanwhile is never overwritten: a changed item is read again.
   */
  const dropFromMatter = async (tenantId: string, matterId: number, contactId: number) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const item = await matterItem(tenantId, matterId);
      if (!item) return;
      const list = item.related === undefined ? 'parties' : 'related';
      const at = (item.related ?? item.parties ?? []).indexOf(contactId);
      const removed = [...(at < 0 ? [] : [`#l[${at}]`]), ...(item.clientId === contactId ? ['clientId'] : [])];
      if (removed.length === 0) return;
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { tenantId, e164: matterKey(matterId) },
            UpdateExpression: `REMOVE ${removed.join(', ')}`,
            ConditionExpression: [...(at < 0 ? [] : [`#l[${at}] = :c`]), ...(item.clientId === contactId ? ['clientId = :c'] : [])].join(' AND '),
            ExpressionAttributeNames: at < 0 ? undefined : { '#l': list },
            ExpressionAttributeValues: { ':c': contactId },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  };
  /** Adds the contact to the matter's related parties unless already there (one conditional append). */
  const appendRelated = async (tenantId: string, matterId: number, contactId: number) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { tenantId, e164: matterKey(matterId) },
          UpdateExpression: 'SET related = list_append(related, :c)',
          ConditionExpression: 'attribute_exists(related) AND NOT contains(related, :id)',
          ExpressionAttributeValues: { ':c': [contactId], ':id': contactId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  /** The sweep's removal of a pair nothing confirmed since `before`; a pair written again meanwhile stays listed on its matter. */
  const sweepParty = async (tenantId: string, key: string, matterId: number, contactId: number, before: string) => {
    if (!(await deleteUnseenParty(tenantId, key, before))) return false;
    await dropFromMatter(tenantId, matterId, contactId);
    if (await get(tenantId, key)) await appendRelated(tenantId, matterId, contactId);
    return true;
  };
  /**
   * The sweep's removal of a matter nothing confirmed since `before`: its item only if still unconfirmed (one
   * conditional delete), then its pairs unless written after that delete (a webhook's read-back of the matter).
   */
  const sweepMatter = async (tenantId: string, matterId: number, before: string) => {
    const deletedAt = now();
    let old: MatterItem | undefined;
    try {
      old = (
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { tenantId, e164: matterKey(matterId) },
            ReturnValues: 'ALL_OLD',
            ConditionExpression: 'attribute_not_exists(seenAt) OR seenAt < :before',
            ExpressionAttributeValues: { ':before': before },
          }),
        )
      ).Attributes as MatterItem | undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    for (const party of partiesOf(old)) await deleteUnseenParty(tenantId, partyKey(party, matterId), deletedAt);
    return true;
  };

  return {
    async lookup(tenantId, contactId) {
      const sync = (await get(tenantId, SYNC_KEY)) as MatterSyncState | undefined;
      if (!sync?.completedAt) return undefined;
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'tenantId = :t AND begins_with(e164, :p)',
          ExpressionAttributeValues: { ':t': tenantId, ':p': partyPrefix(contactId) },
          ConsistentRead: true,
          Limit: MAX_CONTACT_MATTERS + 1,
        }),
      );
      // Keys come in text order, not by date: a contact on more matters is left to Clio, which answers by date.
      if (Items.length > MAX_CONTACT_MATTERS) return undefined;
      return Items.map((item) => item.matter as MatterSummary);
    },
    async put(tenantId, matter, mode) {
      if (!isOpenMatter(matter)) return remove(tenantId, matter.id);
      const previous = await matterItem(tenantId, matter.id);
      const { clientId } = matter;
      const given = new Set(matter.related);
      const room = MAX_MATTER_PARTIES - (clientId === undefined ? 0 : 1);
      // The client is kept apart: an entry of the older layout lists it (and a former client) among its parties.
      const related = [...new Set(mode === 'merge' ? [...matter.related, ...relatedOf(previous)] : matter.related)]
        .filter((p) => p !== clientId)
        .slice(0, room);
      const kept = new Set([...(clientId === undefined ? [] : [clientId]), ...related]);
      await deleteKeys(
        tenantId,
        partiesOf(previous)
          .filter((p) => !kept.has(p))
          .map((p) => partyKey(p, matter.id)),
      );
      const summary = summaryOf(matter);
      const seenAt = now();
      if (clientId !== undefined) await putParty(tenantId, clientId, summary, seenAt);
      for (const party of related) {
        if (given.has(party)) await putParty(tenantId, party, summary, seenAt);
        else await refreshParty(tenantId, party, summary);
      }
      await putItem(tenantId, { e164: matterKey(matter.id), matter: summary, related, seenAt, ...(clientId === undefined ? {} : { clientId }) });
    },
    async addParty(tenantId, matterId, contactId) {
      const item = await matterItem(tenantId, matterId);
      if (!item) return;
      const related = relatedOf(item);
      if (!related.includes(contactId) && contactId !== item.clientId) {
        if (partiesOf(item).length >= MAX_MATTER_PARTIES) return;
        if (item.related === undefined) {
          const { parties: _legacy, ...rest } = item;
          await putItem(tenantId, { ...rest, e164: matterKey(matterId), related: [...related, contactId] });
        } else {
          // One party more is one append, not a rewrite of every pair: a matter with many parties stays linear.
          await appendRelated(tenantId, matterId, contactId);
        }
      }
      await putParty(tenantId, contactId, item.matter, now());
    },
    remove,
    async indexedVersion(tenantId, matterId) {
      const item = await matterItem(tenantId, matterId);
      if (!item) return undefined;
      return {
        status: item.matter.status,
        ...(item.matter.updatedAt ? { updatedAt: item.matter.updatedAt } : {}),
        ...(item.clientId === undefined ? {} : { clientId: item.clientId }),
      };
    },
    async sweep(tenantId, before, cursor) {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'tenantId = :t AND begins_with(e164, :p)',
          ExpressionAttributeValues: { ':t': tenantId, ':p': PREFIX },
          ConsistentRead: true,
          Limit: SWEEP_PAGE,
          ...(cursor ? { ExclusiveStartKey: decodeKey(cursor) } : {}),
        }),
      );
      let removed = 0;
      for (const item of Items) {
        const key = String(item.e164);
        if (!unseen(item as MatterItem, before)) continue;
        // Every removal is conditional: a webhook delivery or a refused write may have confirmed it since this page was read.
        if (key.startsWith(MATTER_PREFIX)) {
          if (await sweepMatter(tenantId, Number(key.slice(MATTER_PREFIX.length)), before)) removed++;
        } else if (key.startsWith(PARTY_PREFIX)) {
          const [contactId, matterId] = key.slice(PARTY_PREFIX.length).split('#').map(Number);
          if (contactId !== undefined && matterId !== undefined && (await sweepParty(tenantId, key, matterId, contactId, before))) removed++;
        }
      }
      const next = encodeKey(LastEvaluatedKey);
      return { removed, ...(next ? { next } : {}) };
    },
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
