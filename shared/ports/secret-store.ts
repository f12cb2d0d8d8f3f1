import type { Provider } from '../domain/canonical-event.js';
import type { ClioApp, ClioTokens } from '../domain/clio-credentials.js';

/** Tenant secrets: provider credentials (read by ingest) and Clio tokens (read by the processor). */
export interface SecretStore {
  providerSecret(tenantId: string, provider: Provider): Promise<string | undefined>;
  putProviderSecret(tenantId: string, provider: Provider, secret: string): Promise<void>;
  /** @param options.fresh bypass the cache (after another process may have refreshed the token) */
  clioTokens(tenantId: string, options?: { readonly fresh?: boolean }): Promise<ClioTokens | undefined>;
  putClioTokens(tenantId: string, tokens: ClioTokens): Promise<void>;
  /** Forgets the tenant's tokens (after a revocation). */
  deleteClioTokens(tenantId: string): Promise<void>;
  /**
   * The tenant's connection to a provider's API (credentials and the tokens they last bought), as JSON; undefined
   * when there is none. Each provider's adapter checks its shape. Never printed, never returned by the API.
   * @param options.fresh bypass the cache (after another process may have renewed the tokens)
   */
  providerConnection(tenantId: string, provider: Provider, options?: { readonly fresh?: boolean }): Promise<unknown>;
  putProviderConnection(tenantId: string, provider: Provider, connection: unknown): Promise<void>;
  /**
   * Deletes every secret of the tenant (each provider's credential and connection, its Clio tokens) at once, with no
   * recovery window; a secret it never had is no error.
   * @returns how many secrets were deleted
   */
  deleteTenantSecrets(tenantId: string): Promise<number>;
  /** The app's Clio OAuth client id and secret. */
  clioApp(): Promise<ClioApp | undefined>;
  putClioApp(app: ClioApp): Promise<void>;
  /** The operator's admin API key (reaches every tenant). */
  operatorKey(): Promise<string | undefined>;
  putOperatorKey(key: string): Promise<void>;
}
