import type { Provider } from '../domain/canonical-event.js';

export interface ClioTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** ISO date-time the access token expires at. */
  readonly expiresAt?: string;
}

/** Tenant secrets: provider credentials (read by ingest) and Clio tokens (read by the processor). */
export interface SecretStore {
  providerSecret(tenantId: string, provider: Provider): Promise<string | undefined>;
  putProviderSecret(tenantId: string, provider: Provider, secret: string): Promise<void>;
  clioTokens(tenantId: string): Promise<ClioTokens | undefined>;
  putClioTokens(tenantId: string, tokens: ClioTokens): Promise<void>;
  /** The operator's admin API key (reaches every tenant). */
  operatorKey(): Promise<string | undefined>;
  putOperatorKey(key: string): Promise<void>;
}
