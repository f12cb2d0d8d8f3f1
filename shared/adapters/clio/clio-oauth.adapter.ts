import { PermanentError, RetryableError } from '../../domain/errors.js';
import type { ClioOAuth } from '../../ports/clio-oauth.js';
import type { ClioTokens } from '../../domain/clio-credentials.js';
import type { ClioRegion } from '../../domain/tenant.js';
import { clioBaseUrl } from './regions.js';

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** Clio's OAuth endpoints on each region's host (`CLIO_BASE_URL` overrides every region's host). */
export const createClioOAuth = (options: { baseUrlOverride?: string; now?: () => Date } = {}): ClioOAuth => {
  const host = (region: ClioRegion) => clioBaseUrl(region, options.baseUrlOverride);
  const now = options.now ?? (() => new Date());

  const token = async (region: ClioRegion, form: Record<string, string>, keepRefresh?: string): Promise<ClioTokens> => {
    let response: Response;
    try {
      response = await fetch(new URL('/oauth/token', host(region)), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new RetryableError("Clio's token endpoint did not answer", { cause });
    }
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`Clio's token endpoint answered ${response.status}`);
    if (!response.ok || !body.access_token) {
      throw new PermanentError(
        body.error ?? `oauth_${response.status}`,
        `Clio refused the token request: ${body.error ?? response.status}${body.error_description ? ` (${body.error_description})` : ''}`,
      );
    }
    const refreshToken = body.refresh_token ?? keepRefresh;
    return {
      accessToken: body.access_token,
      ...(refreshToken ? { refreshToken } : {}),
      ...(body.expires_in ? { expiresAt: new Date(now().getTime() + body.expires_in * 1000).toISOString() } : {}),
    };
  };

  return {
    authorizeUrl(region, app, redirectUri, state) {
      const url = new URL('/oauth/authorize', host(region));
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: redirectUri,
        state,
        redirect_on_decline: 'true',
      }).toString();
      return url.toString();
    },
    exchangeCode: (region, app, code, redirectUri) =>
      token(region, { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: redirectUri }),
    refresh: (region, app, refreshToken) =>
      token(region, { grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: refreshToken }, refreshToken),
    async deauthorize(region, accessToken) {
      const response = await fetch(new URL('/oauth/deauthorize', host(region)), {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: accessToken }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      // An already revoked token is as good as revoked.
      if (!response.ok && response.status !== 401) throw new RetryableError(`Clio's deauthorize endpoint answered ${response.status}`);
    },
  };
};
