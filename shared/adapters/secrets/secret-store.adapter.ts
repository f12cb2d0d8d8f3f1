import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PROVIDERS, type Provider } from '../../domain/canonical-event.js';
import type { ClioApp } from '../../domain/clio-credentials.js';
import type { ClioTokens } from '../../domain/clio-credentials.js';
import type { SecretStore } from '../../ports/secret-store.js';

export interface SecretsManagerStoreOptions {
  readonly client: SecretsManagerClient;
  /**
   * e.g. `call-connector/prod`; secrets are `<prefix>/tenants/<id>/providers/<provider>`, `<prefix>/tenants/<id>/clio`,
   * `<prefix>/tenants/<id>/<provider>-connection` (JSON: a provider connection, e.g. `ringcentral-connection`),
   * `<prefix>/operator-key` and `<prefix>/clio-app` (JSON `{ clientId, clientSecret }`).
   */
  readonly prefix: string;
  /** How long a secret is cached per container. @default 300 */
  readonly maxAgeSeconds?: number;
}

const notFound = (error: unknown): boolean =>
  error instanceof Error && (error.cause instanceof ResourceNotFoundException || (error.cause as Error | undefined)?.name === 'ResourceNotFoundException');

/** Tenant secrets in Secrets Manager, read through Powertools Parameters (cached), written with the SDK. */
export const createSecretsManagerStore = (options: SecretsManagerStoreOptions): SecretStore => {
  const provider = new SecretsProvider({ awsSdkV3Client: options.client });
  const maxAge = options.maxAgeSeconds ?? 300;
  const providerName = (tenantId: string, p: Provider) => `${options.prefix}/tenants/${tenantId}/providers/${p}`;
  const clioName = (tenantId: string) => `${options.prefix}/tenants/${tenantId}/clio`;
  const connectionName = (tenantId: string, p: Provider) => `${options.prefix}/tenants/${tenantId}/${p}-connection`;

  const read = async (name: string, forceFetch = false): Promise<string | undefined> => {
    try {
      const value = await provider.get(name, { maxAge, forceFetch });
      return typeof value === 'string' ? value : undefined;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  };

  const write = async (name: string, value: string): Promise<void> => {
    try {
      await options.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await options.client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    }
    provider.clearCache();
  };

  /** True when the secret was there; deleted at once, with no recovery window: a deleted tenant's secrets are gone. */
  const remove = async (name: string): Promise<boolean> => {
    try {
      await options.client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  };

  return {
    providerSecret: (tenantId, p) => read(providerName(tenantId, p)),
    putProviderSecret: (tenantId, p, secret) => write(providerName(tenantId, p), secret),
    async clioTokens(tenantId, { fresh = false } = {}) {
      const raw = await read(clioName(tenantId), fresh);
      const tokens = raw === undefined ? undefined : (JSON.parse(raw) as Partial<ClioTokens>);
      // A revoked connection is kept as an empty value: the tenant has no tokens.
      return tokens?.accessToken ? (tokens as ClioTokens) : undefined;
    },
    putClioTokens: (tenantId, tokens) => write(clioName(tenantId), JSON.stringify(tokens)),
    deleteClioTokens: (tenantId) => write(clioName(tenantId), '{}'),
    async providerConnection(tenantId, p, { fresh = false } = {}) {
      const raw = await read(connectionName(tenantId, p), fresh);
      return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    },
    putProviderConnection: (tenantId, p, connection) => write(connectionName(tenantId, p), JSON.stringify(connection)),
    async deleteTenantSecrets(tenantId) {
      // Every name a tenant's secret can have: IAM lets the admin function delete these patterns, never list them.
      const names = [clioName(tenantId), ...PROVIDERS.flatMap((p) => [providerName(tenantId, p), connectionName(tenantId, p)])];
      const deleted = await Promise.all(names.map(remove));
      provider.clearCache();
      return deleted.filter(Boolean).length;
    },
    async clioApp() {
      const raw = await read(`${options.prefix}/clio-app`);
      const app = raw === undefined ? undefined : (JSON.parse(raw) as Partial<ClioApp>);
      return app?.clientId && app.clientSecret ? { clientId: app.clientId, clientSecret: app.clientSecret } : undefined;
    },
    putClioApp: (app) => write(`${options.prefix}/clio-app`, JSON.stringify(app)),
    operatorKey: () => read(`${options.prefix}/operator-key`),
    putOperatorKey: (key) => write(`${options.prefix}/operator-key`, key),
  };
};
