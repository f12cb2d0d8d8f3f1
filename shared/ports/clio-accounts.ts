import type { ClioRegion } from '../domain/tenant.js';

/** A Clio user as the admin API shows it. */
export interface ClioUser {
  readonly id: number;
  readonly name: string;
  readonly email?: string;
}

/** Clio asked with one access token: who it belongs to, and the firm's users. */
export interface ClioAccount {
  /** @throws TenantNotConnectedError when Clio refuses the token, RetryableError when Clio does not answer */
  whoAmI(): Promise<ClioUser>;
  /** The firm's enabled users (at most 200). @throws as {@link whoAmI} */
  enabledUsers(): Promise<ClioUser[]>;
}

/** Makes a {@link ClioAccount} for a token, at the host of the firm's region (or the one configured for all). */
export interface ClioClientFactory {
  forToken(region: ClioRegion, accessToken: string): ClioAccount;
  /** Where the firm's Clio records open in a browser. */
  webUrl(region: ClioRegion): string;
}
