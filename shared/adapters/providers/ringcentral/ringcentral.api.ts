import * as z from 'zod';
import { RetryableError } from '../../../domain/errors.js';
import type { Clock } from '../../../ports/clock.js';
import type { MediaCredentials } from '../../../ports/media-fetcher.js';
import type { MessageLookup } from '../../../ports/message-lookup.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import { boundedText, ResponseTooLarge } from '../kit.js';
import { DIGITS, RINGCENTRAL_API_BASE_URL, messageSchema, messageStatus } from './ringcentral.payload.js';

/** RingCentral's API in production; the operator, the local stack and tests may point elsewhere. */
export { RINGCENTRAL_API_BASE_URL };

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A token this close to its expiry is renewed first: a request in flight must not outlive it. */
const RENEW_MARGIN_MS = 5 * 60_000;
/** A message-store record is a few KB. */
const MAX_RESPONSE_BYTES = 256 * 1024;
/** A token answer is a few hundred bytes. */
const MAX_TOKEN_BYTES = 16 * 1024;
/** The only paths the token is lent for: an account's resources (message attachments, call recordings). */
const ACCOUNT_PATH = '/restapi/v1.0/account/';

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

/**
 * A tenant's RingCentral connection (docs/providers/ringcentral.md): the app's client id and secret and the user's
 * JWT credential it was given, and the tokens the JWT flow last issued. Never printed, never returned by the API.
 * Kept as the tenant's `ringcentral` provider connection.
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

/** The app id, secret and JWT credential a firm gives us; the tokens are ours to keep. */
export type RingCentralCredentials = Pick<RingCentralConnection, 'clientId' | 'clientSecret' | 'jwt'>;

/** The tenant's `ringcentral` provider connection, as {@link createRingCentralApi} keeps it. */
const connectionSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  jwt: z.string().min(1),
  accessToken: z.string().optional(),
  expiresAt: z.string().optional(),
  refreshToken: z.string().optional(),
  refreshExpiresAt: z.string().optional(),
});

/** The tenant's RingCentral connection, or undefined when it has none (or none we can read). */
export const ringCentralConnection = async (
  secrets: SecretStore,
  tenantId: string,
  options: { readonly fresh?: boolean } = {},
): Promise<RingCentralConnection | undefined> => {
  const parsed = connectionSchema.safeParse(await secrets.providerConnection(tenantId, 'ringcentral', options));
  return parsed.success ? parsed.data : undefined;
};

/** RingCentral refused the credentials (its token endpoint answered 4xx): a person must give new ones. */
class RingCentralAuthRefused extends Error {}

/** Whether two connections hold the same app and user credential (tokens aside). */
const sameCredentials = (a: RingCentralCredentials, b: RingCentralCredentials): boolean => a.clientId === b.clientId && a.jwt === b.jwt;

export interface RingCentralApiOptions {
  readonly secrets: SecretStore;
  readonly baseUrl: string;
  /**
   * Where attachments and recordings are served. @default the base's `platform.` host as `media.` (production:
   * https://media.ringcentral.com), or the base itself when it has no such host (a fake serving both)
   */
  readonly mediaBaseUrl?: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

/** RingCentral's media origin beside its API origin: `platform.ringcentral.com` serves its media on `media.ringcentral.com`. */
const mediaOriginOf = (base: URL): string =>
  base.hostname.startsWith('platform.') ? `${base.protocol}//media.${base.hostname.slice('platform.'.length)}${base.port ? `:${base.port}` : ''}` : base.origin;

/**
 * A request to RingCentral: no answer (network, timeout), a 5xx or a 429 is a temporary failure, retried later;
 * any other answer is the caller's to read. Redirects are not followed.
 */
const send = async (url: string, init: RequestInit): Promise<Response> => {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual' });
  } catch (cause) {
    throw new RetryableError('RingCentral did not answer', { cause });
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new RetryableError(`RingCentral answered ${response.status}`);
  }
  return response;
};

/** An answer's JSON, bounded; a body cut short by the network is a temporary failure. */
const json = async (response: Response, maxBytes: number): Promise<unknown> => {
  let text: string;
  try {
    text = await boundedText(response, maxBytes, "RingCentral's answer");
  } catch (cause) {
    if (cause instanceof ResponseTooLarge) throw cause;
    throw new RetryableError("RingCentral's answer was cut short", { cause });
  }
  return JSON.parse(text);
};

/** A tenant's RingCentral connection: saving it, reading with it, and lending its token to the media fetcher. */
export interface RingCentralApi {
  /**
   * Exchanges the JWT once and keeps the credentials with the tokens; nothing is kept when RingCentral refuses them.
   * @throws when RingCentral did not answer
   */
  connect(tenantId: string, credentials: RingCentralCredentials): Promise<'connected' | 'refused'>;
  readonly messages: MessageLookup;
  readonly media: MediaCredentials;
}

/**
 * RingCentral's OAuth for server apps (developers.ringcentral.com/guide/authentication/jwt-flow): the JWT is exchanged
 * for an access token with the app's Basic credentials; a token near its expiry is refreshed, or the JWT exchanged
 * again when the refresh token is spent or gone; a 401 on a message-store read renews once. Requests go to our base
 * URL only; the token is lent for the account paths of the API and media origins only (docs/providers/ringcentral.md).
 */
export const createRingCentralApi = (options: RingCentralApiOptions): RingCentralApi => {
  const base = options.baseUrl.replace(/\/+$/, '');
  const origins = new Set([new URL(base).origin, options.mediaBaseUrl === undefined ? mediaOriginOf(new URL(base)) : new URL(options.mediaBaseUrl).origin]);
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? 5_000);
  const now = () => options.clock.now().getTime();

  const tokens = async (credentials: RingCentralCredentials, grant: Record<string, string>): Promise<RingCentralConnection> => {
    const response = await send(`${base}/restapi/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(grant).toString(),
      signal: timeout(),
    });
    if (response.status >= 400 && response.status < 500) {
      await response.body?.cancel();
      throw new RingCentralAuthRefused(`RingCentral refused the credentials (${response.status})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`RingCentral's token endpoint answered ${response.status}`);
    }
    const issued = tokenSchema.parse(await json(response, MAX_TOKEN_BYTES));
    const at = (seconds: number) => new Date(now() + seconds * 1000).toISOString();
    return {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      jwt: credentials.jwt,
      accessToken: issued.access_token,
      expiresAt: at(issued.expires_in),
      ...(issued.refresh_token
        ? { refreshToken: issued.refresh_token, ...(issued.refresh_token_expires_in ? { refreshExpiresAt: at(issued.refresh_token_expires_in) } : {}) }
        : {}),
    };
  };
  const exchange = (credentials: RingCentralCredentials) => tokens(credentials, { grant_type: JWT_GRANT, assertion: credentials.jwt });
  const usable = (until: string | undefined): boolean => until !== undefined && Date.parse(until) - now() > RENEW_MARGIN_MS;

  const renewed = async (connection: RingCentralConnection): Promise<RingCentralConnection> => {
    if (connection.refreshToken && usable(connection.refreshExpiresAt)) {
      try {
        return await tokens(connection, { grant_type: 'refresh_token', refresh_token: connection.refreshToken });
      } catch (error) {
        // Refresh tokens are single-use: another container may have spent it. The JWT is still good.
        if (!(error instanceof RingCentralAuthRefused)) throw error;
      }
    }
    return exchange(connection);
  };

  /** The tenant's access token, renewed when near its expiry (or when RingCentral said it no longer is one). */
  const accessToken = async (tenantId: string, renew = false): Promise<string | undefined> => {
    const cached = await ringCentralConnection(options.secrets, tenantId);
    if (!cached) return undefined;
    if (!renew && cached.accessToken && usable(cached.expiresAt)) return cached.accessToken;
    // Another container may have renewed it since this one cached it.
    const stored = (await ringCentralConnection(options.secrets, tenantId, { fresh: true })) ?? cached;
    if (!renew && stored.accessToken && usable(stored.expiresAt)) return stored.accessToken;
    const next = await renewed(stored);
    // A firm may have reconnected (other credentials, their own tokens) while this renewed the old ones: those win.
    const latest = await ringCentralConnection(options.secrets, tenantId, { fresh: true });
    if (!latest || !sameCredentials(latest, stored)) return latest?.accessToken;
    await options.secrets.putProviderConnection(tenantId, 'ringcentral', next);
    return next.accessToken;
  };

  const get = async (tenantId: string, path: string): Promise<unknown> => {
    for (const renew of [false, true]) {
      const token = await accessToken(tenantId, renew);
      if (!token) throw new Error('The tenant has no RingCentral connection');
      const response = await send(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: timeout() });
      if (response.status === 401 && !renew) {
        await response.body?.cancel();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`RingCentral answered ${response.status}`);
      }
      return json(response, MAX_RESPONSE_BYTES);
    }
    throw new Error('RingCentral refused a renewed token');
  };

  return {
    async connect(tenantId, credentials) {
      let connection: RingCentralConnection;
      try {
        connection = await exchange(credentials);
      } catch (error) {
        if (error instanceof RingCentralAuthRefused) return 'refused';
        // Whatever else kept the token from us, RingCentral gave no usable answer: the firm may try again.
        throw error instanceof RetryableError ? error : new RetryableError(`RingCentral gave no usable answer`, { cause: error });
      }
      await options.secrets.putProviderConnection(tenantId, 'ringcentral', connection);
      return 'connected';
    },
    messages: {
      async find(event) {
        if (event.provider !== 'ringcentral' || event.kind !== 'sms') return undefined;
        const extension = event.firm.userRef ?? '';
        // The URL is built from our base and two ids of a fixed shape, never from anything else a callback says.
        if (!DIGITS.test(extension) || !DIGITS.test(event.providerResourceId)) throw new Error('The message-store change named no extension and message id');
        const message = messageSchema.parse(
          await get(event.tenantId, `/restapi/v1.0/account/~/extension/${extension}/message-store/${event.providerResourceId}`),
        );
        const inbound = message.direction === 'Inbound';
        const recipient = message.to?.[0];
        return {
          direction: inbound ? 'inbound' : 'outbound',
          // Still queued or sending: the person sent it; how far it got is not known yet.
          status: messageStatus(message) ?? 'sent',
          ...(message.subject === undefined ? {} : { text: message.subject }),
          ...(message.from?.phoneNumber ? { from: message.from.phoneNumber } : {}),
          ...(recipient?.phoneNumber ? { to: recipient.phoneNumber } : {}),
          ...(inbound && message.from?.name ? { callerIdName: message.from.name } : {}),
          ...(message.creationTime ? { occurredAt: message.creationTime } : {}),
        };
      },
    },
    media: {
      async authorization(url, source, { renew = false } = {}) {
        if (source.provider !== 'ringcentral' || !origins.has(url.origin) || !url.pathname.startsWith(ACCOUNT_PATH)) return undefined;
        try {
          const token = await accessToken(source.tenantId, renew);
          return token ? `Bearer ${token}` : undefined;
        } catch (error) {
          // Credentials RingCentral refuses fetch nothing: the media fetch says so (401) instead of retrying forever.
          if (error instanceof RingCentralAuthRefused) return undefined;
          throw error;
        }
      },
    },
  };
};
