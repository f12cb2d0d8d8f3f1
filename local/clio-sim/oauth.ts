import { randomBytes } from 'node:crypto';
import type { SimResponse } from './http.js';
import { INVALID_TOKEN_BODY } from './http.js';
import type { SimStore } from './store.js';
import type { SimToken } from './types.js';

/** Clio Manage access tokens last 30 days. */
const ACCESS_TOKEN_TTL_SECONDS = 2_592_000;
const CODE_TTL_MS = 10 * 60_000;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  userId: number;
  expiresAt: number;
}

const oauthError = (status: number, error: string, description?: string): SimResponse => ({
  status,
  body: description ? { error, error_description: description } : { error },
});

/** Clio's OAuth endpoints: authorize (auto-approved), token (code and refresh grants), deauthorize. */
export class OAuthService {
  private readonly codes = new Map<string, PendingCode>();

  public constructor(private readonly store: SimStore) {}

  /** Forgets pending authorization codes. */
  public reset(): void {
    this.codes.clear();
  }

  /** The token record for a bearer access token, if it is valid. */
  public tokenFor(accessToken: string): SimToken | undefined {
    return this.store.data.tokens.find((t) => t.access_token === accessToken);
  }

  /**
   * `GET /oauth/authorize`: approves at once as `user_id` (a simulator extra) or the first enabled user,
   * redirecting to `redirect_uri?code=…&state=…`.
   */
  public authorize(url: URL): SimResponse {
    const params = url.searchParams;
    const client = this.store.data.oauthClients.find((c) => c.client_id === params.get('client_id'));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!client) return oauthError(400, 'invalid_client');
    if (!URL.canParse(redirectUri) || (client.redirect_uris && !client.redirect_uris.includes(redirectUri))) {
      return oauthError(400, 'invalid_redirect_uri');
    }
    const target = new URL(redirectUri);
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    const requested = Number(params.get('user_id') ?? Number.NaN);
    const user = this.store.data.users.find((u) => (Number.isNaN(requested) ? u.enabled : u.id === requested));
    if (params.get('response_type') !== 'code' || !user) {
      target.searchParams.set('error', params.get('response_type') !== 'code' ? 'unsupported_response_type' : 'access_denied');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { clientId: client.client_id, redirectUri, userId: user.id, expiresAt: Date.now() + CODE_TTL_MS });
      target.searchParams.set('code', code);
    }
    return { status: 302, headers: { Location: target.toString() } };
  }

  /** `POST /oauth/token` with `grant_type` `refresh_token` or `authorization_code`. */
  public token(form: URLSearchParams): SimResponse {
    const client = this.store.data.oauthClients.find((c) => c.client_id === form.get('client_id'));
    if (!client || client.client_secret !== form.get('client_secret')) return oauthError(401, 'invalid_client');
    const grantType = form.get('grant_type');
    if (grantType === 'refresh_token') {
      const grant = this.store.data.tokens.find((t) => t.refresh_token === form.get('refresh_token'));
      if (!grant) return oauthError(400, 'invalid_grant');
      // Clio keeps refresh tokens (no rotation) and leaves earlier access tokens valid.
      const accessToken = this.issue(grant.refresh_token, grant.user_id).access_token;
      return { status: 200, body: { token_type: 'bearer', access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_SECONDS } };
    }
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code);
      if (!pending || pending.clientId !== client.client_id || pending.redirectUri !== form.get('redirect_uri') || pending.expiresAt < Date.now()) {
        return oauthError(400, 'invalid_grant');
      }
      const issued = this.issue(randomBytes(24).toString('hex'), pending.userId);
      return {
        status: 200,
        body: { token_type: 'bearer', access_token: issued.access_token, expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: issued.refresh_token },
      };
    }
    return oauthError(400, 'unsupported_grant_type');
  }

  /** `POST /oauth/deauthorize`: revokes the grant of the bearer token (every access token sharing its refresh token). */
  public deauthorize(accessToken: string | undefined): SimResponse {
    const grant = accessToken === undefined ? undefined : this.tokenFor(accessToken);
    if (!grant) return { status: 401, body: INVALID_TOKEN_BODY };
    this.store.data.tokens = this.store.data.tokens.filter((t) => t.refresh_token !== grant.refresh_token);
    return { status: 200 };
  }

  private issue(refreshToken: string, userId: number): SimToken {
    const token: SimToken = { access_token: randomBytes(24).toString('hex'), refresh_token: refreshToken, user_id: userId };
    this.store.data.tokens.push(token);
    return token;
  }
}
