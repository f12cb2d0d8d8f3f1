import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mergeSettings, settingsPatchSchema, type SettingsPatch } from '../../domain/settings.js';
import type { HookModel } from '../../ports/clio-gateway.js';
import { SESSION_KEY_PREFIX } from './session-store.adapter.js';
import { CLIO_REGIONS, type ClioConnection, type ClioHook, type DeletionProgress, type Tenant, type TenantRecord } from '../../domain/tenant.js';
import type { TenantStore } from '../../ports/tenant-store.js';

export interface DynamoTenantStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long a tenant and its settings are cached per container. @default 60_000 */
  readonly cacheTtlMs?: number;
}

/** The firm item's attribute holding each webhook (the contact one kept its first name). */
const HOOK_ATTRIBUTES: Readonly<Record<HookModel, string>> = { contact: 'clioHook', matter: 'clioMatterHook' };

const isRegion = (value: unknown): value is Tenant['clioRegion'] => CLIO_REGIONS.some((r) => r === value);

const toTenant = (item: Record<string, unknown>): Tenant => {
  const overrides = settingsPatchSchema.parse(item.settings ?? {});
  return {
    id: String(item.tenantId),
    name: String(item.name),
    clioRegion: isRegion(item.clioRegion) ? item.clioRegion : 'US',
    settings: mergeSettings(overrides),
    overrides,
    ...(typeof item.adminKeyHash === 'string' ? { adminKeyHash: item.adminKeyHash } : {}),
    ...(item.connection ? { connection: item.connection as ClioConnection } : {}),
  };
};

/** True when a conditional write took place, false when its condition did not hold. */
const tookPlace = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Tenants table: pk `tenantId`; settings stored as the overrides only, merged over the defaults on read. */
export const createDynamoTenantStore = (options: DynamoTenantStoreOptions): TenantStore => {
  const cache = new Map<string, { tenant: Tenant | undefined; expires: number }>();
  const ttl = options.cacheTtlMs ?? 60_000;
  const item = (tenant: TenantRecord) => ({
    tenantId: tenant.id,
    name: tenant.name,
    clioRegion: tenant.clioRegion,
    settings: tenant.settings,
    ...(tenant.adminKeyHash ? { adminKeyHash: tenant.adminKeyHash } : {}),
    ...(tenant.connection ? { connection: tenant.connection } : {}),
  });
  const read = async (tenantId: string): Promise<Tenant | undefined> => {
    const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId }, ConsistentRead: true }));
    return Item && !Item.deletion ? toTenant(Item) : undefined;
  };
  // One SET per setting inside the settings map: nothing else of the item is written, so a concurrent change to
  // another setting, the connection, the refresh lock or the rate-limit pause is kept.
  const updateSettings = async (tenantId: string, patch: SettingsPatch): Promise<SettingsPatch | undefined> => {
    const keys = Object.keys(patch).filter((key) => patch[key as keyof SettingsPatch] !== undefined);
    if (keys.length === 0) return (await read(tenantId))?.overrides;
    try {
      const { Attributes } = await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: `SET ${keys.map((_, i) => `#settings.#s${i} = :s${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(tenantId) AND attribute_type(#settings, :map)',
          ExpressionAttributeNames: { '#settings': 'settings', ...Object.fromEntries(keys.map((key, i) => [`#s${i}`, key])) },
          ExpressionAttributeValues: { ':map': 'M', ...Object.fromEntries(keys.map((key, i) => [`:s${i}`, patch[key as keyof SettingsPatch]])) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      cache.delete(tenantId);
      return Attributes ? toTenant(Attributes).overrides : undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // No firm, or a firm without a settings map yet: give it one (once), then set the settings in it.
    const given = await tookPlace(
      options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET #settings = :empty',
          ConditionExpression: 'attribute_exists(tenantId) AND attribute_not_exists(#settings)',
          ExpressionAttributeNames: { '#settings': 'settings' },
          ExpressionAttributeValues: { ':empty': {} },
        }),
      ),
    );
    return given ? updateSettings(tenantId, patch) : undefined;
  };
  // Each hook has its own attribute, updated field by field: a token refresh or a settings change never touches it.
  const HOOK_NAMES = { '#id': 'id', '#secret': 'secret', '#expiresAt': 'expiresAt', '#pendingUntil': 'pendingUntil' };
  const hookUpdate = (tenantId: string, model: HookModel, expression: string, condition: string, values: Record<string, unknown>) =>
    options.client.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: { tenantId },
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeNames: Object.fromEntries(
          Object.entries({ '#hook': HOOK_ATTRIBUTES[model], ...HOOK_NAMES }).filter(([name]) => `${expression} ${condition}`.includes(name)),
        ),
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  return {
    async get(tenantId) {
      const cached = cache.get(tenantId);
      if (cached && cached.expires > Date.now()) return cached.tenant;
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId } }));
      // A firm being deleted is unknown to everything but its deletion.
      const tenant = Item && !Item.deletion ? toTenant(Item) : undefined;
      cache.set(tenantId, { tenant, expires: Date.now() + ttl });
      return tenant;
    },
    async put(tenant) {
      await options.client.send(new PutCommand({ TableName: options.tableName, Item: item(tenant) }));
      cache.delete(tenant.id);
    },
    updateSettings,
    async beginClioConnect(tenantId, nonce, expiresAt) {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET clioConnectFlow = :flow',
          ConditionExpression: 'attribute_exists(tenantId)',
          ExpressionAttributeValues: { ':flow': { nonce, expiresAt } },
        }),
      );
    },
    consumeClioConnect: (tenantId, nonce, now) =>
      tookPlace(
        options.client.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: { tenantId },
            UpdateExpression: 'REMOVE clioConnectFlow',
            ConditionExpression: 'clioConnectFlow.#nonce = :nonce AND clioConnectFlow.expiresAt > :now',
            ExpressionAttributeNames: { '#nonce': 'nonce' },
            ExpressionAttributeValues: { ':nonce': nonce, ':now': now.toISOString() },
          }),
        ),
      ),
    async adminKeyHash(tenantId) {
      const { Item } = await options.client.send(
        new GetCommand({ TableName: options.tableName, Key: { tenantId }, ProjectionExpression: 'adminKeyHash', ConsistentRead: true }),
      );
      return typeof Item?.adminKeyHash === 'string' ? Item.adminKeyHash : undefined;
    },
    async setAdminKeyHash(tenantId, hash) {
      const set = await tookPlace(
        options.client.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: { tenantId },
            UpdateExpression: 'SET adminKeyHash = :hash',
            ConditionExpression: 'attribute_exists(tenantId)',
            ExpressionAttributeValues: { ':hash': hash },
          }),
        ),
      );
      cache.delete(tenantId);
      return set;
    },
    async clioHook(tenantId, model = 'contact') {
      const attribute = HOOK_ATTRIBUTES[model];
      const { Item } = await options.client.send(
        new GetCommand({ TableName: options.tableName, Key: { tenantId }, ProjectionExpression: attribute, ConsistentRead: true }),
      );
      return Item?.[attribute] as ClioHook | undefined;
    },
    async openHookRegistration(tenantId, pendingUntil, token, model = 'contact') {
      await hookUpdate(tenantId, model, 'SET #hook = :hook', 'attribute_exists(tenantId)', { ':hook': { pendingUntil, token } });
    },
    acceptHookSecret: (tenantId, secret, now, model = 'contact') =>
      tookPlace(
        hookUpdate(tenantId, model, 'SET #hook.#secret = :secret', '#hook.#pendingUntil > :now AND attribute_not_exists(#hook.#secret)', {
          ':secret': secret,
          ':now': now.toISOString(),
        }),
      ),
    async recordHook(tenantId, hook, model = 'contact') {
      await hookUpdate(tenantId, model, 'SET #hook.#id = :id, #hook.#expiresAt = :expiresAt REMOVE #hook.#pendingUntil', 'attribute_exists(#hook)', {
        ':id': hook.id,
        ':expiresAt': hook.expiresAt,
      });
    },
    async closeHookRegistration(tenantId, model = 'contact') {
      await tookPlace(hookUpdate(tenantId, model, 'REMOVE #hook.#pendingUntil', 'attribute_exists(#hook)', {}));
    },
    async setConnection(tenantId, connection) {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET #connection = :connection',
          ConditionExpression: 'attribute_exists(tenantId)',
          ExpressionAttributeNames: { '#connection': 'connection' },
          ExpressionAttributeValues: { ':connection': connection },
        }),
      );
      cache.delete(tenantId);
    },
    async beginDeletion(tenantId, now) {
      try {
        const { Attributes } = await options.client.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: { tenantId },
            UpdateExpression: 'SET #deletion = if_not_exists(#deletion, :deletion)',
            ConditionExpression: 'attribute_exists(tenantId)',
            ExpressionAttributeNames: { '#deletion': 'deletion' },
            ExpressionAttributeValues: { ':deletion': { since: now.toISOString() } },
            ReturnValues: 'ALL_NEW',
          }),
        );
        cache.delete(tenantId);
        if (!Attributes) return undefined;
        const deletion = Attributes.deletion as Record<string, unknown>;
        const progress: DeletionProgress = {
          dedupDone: deletion.dedupDone === true,
          ...(typeof deletion.dedupNext === 'string' ? { dedupNext: deletion.dedupNext } : {}),
        };
        return { tenant: toTenant(Attributes), since: String(deletion.since), progress };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },
    async saveDeletionProgress(tenantId, progress) {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { tenantId },
          UpdateExpression: 'SET #deletion.#done = :done, #deletion.#next = :next',
          ConditionExpression: 'attribute_exists(#deletion)',
          ExpressionAttributeNames: { '#deletion': 'deletion', '#done': 'dedupDone', '#next': 'dedupNext' },
          ExpressionAttributeValues: { ':done': progress.dedupDone ?? false, ':next': progress.dedupNext ?? null },
        }),
      );
    },
    async delete(tenantId) {
      const { Attributes } = await options.client.send(new DeleteCommand({ TableName: options.tableName, Key: { tenantId }, ReturnValues: 'ALL_OLD' }));
      cache.delete(tenantId);
      return Attributes !== undefined;
    },
    async listIds() {
      const ids: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await options.client.send(
          new ScanCommand({ TableName: options.tableName, ProjectionExpression: 'tenantId', ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        // Console sessions share the table: only firms are listed.
        ids.push(...(page.Items ?? []).map((item) => String(item.tenantId)).filter((id) => !id.startsWith(SESSION_KEY_PREFIX)));
        start = page.LastEvaluatedKey;
      } while (start);
      return ids;
    },
    create: (tenant) =>
      tookPlace(
        options.client.send(new PutCommand({ TableName: options.tableName, Item: item(tenant), ConditionExpression: 'attribute_not_exists(tenantId)' })),
      ),
  };
};
