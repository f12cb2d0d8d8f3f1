import * as z from 'zod';
import { RetryableError } from '../../../domain/errors.js';
import type { Clock } from '../../../ports/clock.js';
import type { MediaCredentials } from '../../../ports/media-fetcher.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import { boundedText } from '../kit.js';

/** Zoom's OAuth server in production; the local stack and tests may point elsewhere. */
export const ZOOM_OAUTH_BASE_URL = 'https://zoom.us';
/**
 * Where Zoom serves the `download_url` of `phone.recording_completed` and `phone.voicemail_received`
 * (`https://zoom.us/v2/phone/recording/download/…`, `…/voice_mails/download/…`; `api.zoom.us` answers the same
 * paths). Both want the account's OAuth token as a Bearer token, and redirect to a signed link on `file.zoom.us`.
 */
export const ZOOM_DOWNLOAD_ORIGINS: readonly string[] = ['https://zoom.us', 'https://api.zoom.us'];
/** Only these paths get the token: a recording's or a voicemail's audio, never the rest of the API. */
const DOWNLOAD_PATH = /^\/v2\/phone\/(?:recording|voice_mails)\/download\/[A-Za-z0-9_.~=-]{1,200}$/;

/** A token this close to its expiry is renewed first: a download in flight must not outlive it. */
const RENEW_MARGIN_MS = 5 * 60_000;

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
/** A token answer is a few hundred bytes. */
const MAX_TOKEN_BYTES = 16 * 1024;

/** The Server-to-Server OAuth app's account id, client id and secret a firm gives us. */
export interface ZoomCredentials {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The tenant's `zoom` provider connection: the credentials, and the token they last bought. Never printed. */
export interface ZoomConnection extends ZoomCredentials {
  readonly accessToken?: string;
  /** ISO date-time the access token expires at. */
  readonly expiresAt?: string;
}

const connectionSchema = z.object({
  accountId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  accessToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

/** The tenant's Zoom connection, or undefined when it has none (or none we can read). */
export const zoomConnection = async (
  secrets: SecretStore,
  tenantId: string,
  options: { readonly fresh?: boolean } = {},
): Promise<ZoomConnection | undefined> => {
  const parsed = connectionSchema.safeParse(await secrets.providerConnection(tenantId, 'zoom', options));
  return parsed.success ? parsed.data : undefined;
};

/** Zoom refused the credentials (its token endpoint answered 4xx): a person must give new ones. */
class ZoomAuthRefused extends Error {}

const sameCredentials = (a: ZoomCredentials, b: ZoomCredentials): boolean => a.accountId === b.accountId && a.clientId === b.clientId;

export interface ZoomApiOptions {
  readonly secrets: SecretStore;
  readonly clock: Clock;
  /** @default {@link ZOOM_OAUTH_BASE_URL} */
  readonly oauthBaseUrl?: string;
  /** Exact origins whose download paths get the token. @default {@link ZOOM_DOWNLOAD_ORIGINS} */
  readonly downloadOrigins?: readonly string[];
  readonly timeoutMs?: number;
}

/** A tenant's Zoom connection: saving it, and lending its token to the media fetcher for recordings and voicemails. */
export interface ZoomApi {
  /**
   * Buys a token once and keeps the credentials with it; nothing is kept when Zoom refuses them.
   * @throws when Zoom did not answer
   */
  connect(tenantId: string, credentials: ZoomCredentials): Promise<'connected' | 'refused'>;
  readonly media: MediaCredentials;
}

/**
 * Zoom's Server-to-Server OAuth (developers.zoom.us/docs/internal-apps/s2s-oauth): `POST /oauth/token` with
 * `grant_type=account_credentials&account_id=…` and the app's Basic credentials buys an hour's token; there is
 * no refresh token, so a token near its expiry is bought again. The token is kept in the tenant's connection
 * secret (docs/providers/zoom.md).
 */
export const createZoomApi = (options: ZoomApiOptions): ZoomApi => {
  const oauthBase = (options.oauthBaseUrl ?? ZOOM_OAUTH_BASE_URL).replace(/\/+$/, '');
  const downloadOrigins = new Set((options.downloadOrigins ?? ZOOM_DOWNLOAD_ORIGINS).map((o) => new URL(o).origin));
  const now = () => options.clock.now().getTime();

  const token = async (credentials: ZoomCredentials): Promise<ZoomConnection> => {
    const query = new URLSearchParams({ grant_type: 'account_credentials', account_id: credentials.accountId });
    let response: Response;
    try {
      response = await fetch(`${oauthBase}/oauth/token?${query.toString()}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      throw new RetryableError('Zoom did not answer', { cause });
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      await response.body?.cancel();
      throw new ZoomAuthRefused(`Zoom refused the credentials (${response.status})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RetryableError(`Zoom's token endpoint answered ${response.status}`);
    }
    const issued = tokenSchema.parse(JSON.parse(await boundedText(response, MAX_TOKEN_BYTES, "Zoom's token answer")));
    return {
      accountId: credentials.accountId,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      accessToken: issued.access_token,
      expiresAt: new Date(now() + issued.expires_in * 1000).toISOString(),
    };
  };
  const usable = (connection: ZoomConnection): connection is ZoomConnection & { accessToken: string } =>
    connection.accessToken !== undefined && connection.expiresAt !== undefined && Date.parse(connection.expiresAt) - now() > RENEW_MARGIN_MS;

  /** The tenant's token, bought again near its expiry or once Zoom refused it; undefined without a connection. */
  const accessToken = async (tenantId: string, renew: boolean): Promise<string | undefined> => {
    const cached = await zoomConnection(options.secrets, tenantId);
    if (!cached) return undefined;
    if (!renew && usable(cached)) return cached.accessToken;
    // Another container may have bought one since this one cached the secret.
    const stored = (await zoomConnection(options.secrets, tenantId, { fresh: true })) ?? cached;
    if (!renew && usable(stored)) return stored.accessToken;
    const next = await token(stored);
    // A firm may have reconnected (another app, its own token) while this bought one for the old app: that one wins.
    const latest = await zoomConnection(options.secrets, tenantId, { fresh: true });
    if (!latest || !sameCredentials(latest, stored)) return latest?.accessToken;
    await options.secrets.putProviderConnection(tenantId, 'zoom', next);
    return next.accessToken;
  };

  return {
    async connect(tenantId, credentials) {
      let connection: ZoomConnection;
      try {
        connection = await token(credentials);
      } catch (error) {
        if (error instanceof ZoomAuthRefused) return 'refused';
        // Whatever else kept the token from us, Zoom gave no usable answer: the firm may try again.
        throw error instanceof RetryableError ? error : new RetryableError(`Zoom gave no usable answer`, { cause: error });
      }
      await options.secrets.putProviderConnection(tenantId, 'zoom', connection);
      return 'connected';
    },
    media: {
      async authorization(url, source, { renew = false } = {}) {
        if (source.provider !== 'zoom' || !downloadOrigins.has(url.origin) || !DOWNLOAD_PATH.test(url.pathname)) return undefined;
        try {
          const bearer = await accessToken(source.tenantId, renew);
          return bearer ? `Bearer ${bearer}` : undefined;
        } catch (error) {
          // Credentials Zoom refuses fetch nothing: the media fetch says so (401) instead of retrying forever.
          if (error instanceof ZoomAuthRefused) return undefined;
          throw error;
        }
      },
    },
  };
};
