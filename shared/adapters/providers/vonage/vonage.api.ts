import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import * as z from 'zod';
import type { Clock } from '../../../ports/clock.js';
import type { MediaCredentials } from '../../../ports/media-fetcher.js';
import type { SecretStore } from '../../../ports/secret-store.js';

/**
 * Hosts Vonage serves a recording's `recording_url` from: `api.nexmo.com` and its regional `api-us.nexmo.com`,
 * `api-eu.nexmo.com`, `api-ap.nexmo.com`, and the newer `api.vonage.com` / `api-us-3.vonage.com` forms.
 */
const VONAGE_FILE_HOST = /^api(?:-[a-z]{2}(?:-\d{1,2})?)?\.(?:nexmo|vonage)\.com$/;
/** Only a file's own path gets the JWT: `/v1/files/<uuid>`, never the rest of the API. */
const FILE_PATH = /^\/v1\/files\/[A-Za-z0-9-]{1,64}$/;
/** A JWT is made for one download: it need not live longer than it takes to start. */
const JWT_TTL_SECONDS = 300;

/** The Vonage application a firm's calls run through: its id and the private key Vonage generated for it. */
export interface VonageConnection {
  readonly applicationId: string;
  /** PEM (PKCS#8 `PRIVATE KEY`, or PKCS#1 `RSA PRIVATE KEY`). */
  readonly privateKey: string;
}

const connectionSchema = z.object({ applicationId: z.string().min(1), privateKey: z.string().min(1) });

/** The tenant's Vonage connection, or undefined when it has none (or none we can read). */
export const vonageConnection = async (secrets: SecretStore, tenantId: string): Promise<VonageConnection | undefined> => {
  const parsed = connectionSchema.safeParse(await secrets.providerConnection(tenantId, 'vonage'));
  return parsed.success ? parsed.data : undefined;
};

/** The key a PEM holds, when it is an RSA private key RS256 may sign with (2048 bits or more); else undefined. */
export const rsaSigningKey = (pem: string): KeyObject | undefined => {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? key : undefined;
  } catch {
    return undefined;
  }
};

export interface VonageApiOptions {
  readonly secrets: SecretStore;
  readonly clock: Clock;
  /** One exact origin serving `/v1/files/…` instead of Vonage's hosts: the local stack's fake only. */
  readonly filesBaseUrl?: string;
}

/** A tenant's Vonage connection: saving it, and signing a JWT for each recording the media fetcher downloads. */
export interface VonageApi {
  /** Keeps the application id and key when the key is an RSA private key; nothing is kept otherwise. */
  connect(tenantId: string, connection: VonageConnection): Promise<'connected' | 'invalid_key'>;
  readonly media: MediaCredentials;
}

/**
 * Vonage's recordings are fetched with a JWT signed by the application's private key (RS256; claims
 * `application_id`, `iat`, `jti`, `exp`: developer.vonage.com "Download a recording", "JWT authentication"). Each
 * download gets its own short-lived JWT; nothing is asked of Vonage to connect (docs/providers/vonage.md).
 */
export const createVonageApi = (options: VonageApiOptions): VonageApi => {
  const override = options.filesBaseUrl === undefined ? undefined : new URL(options.filesBaseUrl).origin;
  const isFile = (url: URL): boolean =>
    FILE_PATH.test(url.pathname) &&
    (override === undefined ? url.protocol === 'https:' && url.port === '' && VONAGE_FILE_HOST.test(url.hostname.toLowerCase()) : url.origin === override);

  const sign = (connection: VonageConnection, key: KeyObject): Promise<string> => {
    const iat = Math.floor(options.clock.now().getTime() / 1000);
    return new SignJWT({ application_id: connection.applicationId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setJti(randomUUID())
      .setExpirationTime(iat + JWT_TTL_SECONDS)
      .sign(key);
  };

  return {
    async connect(tenantId, connection) {
      if (!rsaSigningKey(connection.privateKey)) return 'invalid_key';
      await options.secrets.putProviderConnection(tenantId, 'vonage', { applicationId: connection.applicationId, privateKey: connection.privateKey });
      return 'connected';
    },
    media: {
      async authorization(url, source) {
        if (source.provider !== 'vonage' || !isFile(url)) return undefined;
        const connection = await vonageConnection(options.secrets, source.tenantId);
        const key = connection ? rsaSigningKey(connection.privateKey) : undefined;
        return connection && key ? `Bearer ${await sign(connection, key)}` : undefined;
      },
    },
  };
};
