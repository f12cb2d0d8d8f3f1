import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mergeSettings, settingsPatchSchema } from '../../domain/settings.js';
import { CLIO_REGIONS, type Tenant, type TenantRecord, type TenantStore } from '../../ports/tenant-store.js';

export interface DynamoTenantStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long a tenant and its settings are cached per container. @default 60_000 */
  readonly cacheTtlMs?: number;
}

const isRegion = (value: unknown): value is Tenant['clioRegion'] => CLIO_REGIONS.some((r) => r === value);

/** Tenants table: pk `tenantId`; settings stored as the overrides only, merged over the defaults on read. */
export const createDynamoTenantStore = (options: DynamoTenantStoreOptions): TenantStore => {
  const cache = new Map<string, { tenant: Tenant | undefined; expires: number }>();
  const ttl = options.cacheTtlMs ?? 60_000;
  return {
    async get(tenantId) {
      const cached = cache.get(tenantId);
      if (cached && cached.expires > Date.now()) return cached.tenant;
      const { Item } = await options.client.send(new GetCommand({ TableName: options.tableName, Key: { tenantId } }));
      let tenant: Tenant | undefined;
      if (Item) {
        const overrides = settingsPatchSchema.parse(Item.settings ?? {});
        tenant = {
          id: tenantId,
          name: String(Item.name),
          clioRegion: isRegion(Item.clioRegion) ? Item.clioRegion : 'US',
          settings: mergeSettings(overrides),
        };
      }
      cache.set(tenantId, { tenant, expires: Date.now() + ttl });
      return tenant;
    },
    async put(tenant: TenantRecord) {
      await options.client.send(new PutCommand({
        TableName: options.tableName,
        Item: { tenantId: tenant.id, name: tenant.name, clioRegion: tenant.clioRegion, settings: tenant.settings },
      }));
      cache.delete(tenant.id);
    },
  };
};
