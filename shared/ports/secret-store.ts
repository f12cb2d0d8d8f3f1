import type { Provider } from '../domain/canonical-event.js';
import type { ClioApp } from './clio-oauth.js';

export interface ClioTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** ISO date-time the access token expires at. */
  readonly expiresAt?: string;
}

/**
 * A tenant's RingCentral connection (docs/providers/ringcentral.md): the app's client id and secret and the user's
 * JWT credential it was given, and the tokens the JWT flow last issued. Never printed, never returned by the API.
 */
export interface RingCentralConnection {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
  readonly accessToken?: string;
  /** ISO date-time the access token expires at. */
  readonly expiresAt?: string;
  readonly refreshToken?: string;
  /** ISO date-time the refresh token expires at. */
  readonly refreshExpiresAt?: string;
}

/** Tenant secrets: provider credentials (read by ingest) and Clio tokens (read by the processor). */
export interface SecretStore {
  providerSecret(tenantId: string, provider: Provider): Promise<string | undefined>;
  putProviderSecret(tenantId: string, provider: Provider, secret: string): Promise<void>;
  /** @param options.fresh bypass the cache (after another process may have refreshed the token) */
  clioTokens(tenantId: string, options?: { readonly fresh?: boolean }): Promise<ClioTokens | undefined>;
  putClioTokens(tenantId: string, tokens: ClioTokens): Promise<void>;
  /** Forgets the tenant's tokens (after a revocation). */
  deleteClioTokens(tenantId: string): Promise<void>;
  /** @param options.fresh bypass the cache (after another process may have refreshed the tokens) */
  ringCentralConnection(tenantId: string, options?: { readonly fresh?: boolean }): Promise<RingCentralConnection | undefined>;
  putRingCentralConnection(tenantId: string, connection: RingCentralConnection): Promise<void>;
  /** The app's Clio OAuth client id and secret. */
  clioApp(): Promise<ClioApp | undefined>;
  putClioApp(app: ClioApp): Promise<void>;
  /** The operator's admin API key (reaches every tenant). */
  operatorKey(): Promise<string | undefined>;
  putOperatorKey(key: string): Promise<void>;
}
