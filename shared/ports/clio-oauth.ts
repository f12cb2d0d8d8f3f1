import type { ClioApp, ClioTokens } from '../domain/clio-credentials.js';
import type { ClioRegion } from '../domain/tenant.js';

/** Clio's OAuth 2.0 authorisation-code endpoints, per region (docs/clio.md#oauth). */
export interface ClioOAuth {
  authorizeUrl(region: ClioRegion, app: ClioApp, redirectUri: string, state: string): string;
  /** @throws PermanentError `invalid_grant` for a used, expired or unknown code */
  exchangeCode(region: ClioRegion, app: ClioApp, code: string, redirectUri: string): Promise<ClioTokens>;
  /** Refresh tokens are reusable and not rotated: the result keeps the one given. @throws PermanentError `invalid_grant` */
  refresh(region: ClioRegion, app: ClioApp, refreshToken: string): Promise<ClioTokens>;
  deauthorize(region: ClioRegion, accessToken: string): Promise<void>;
}
