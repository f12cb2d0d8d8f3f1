import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createClioOAuth } from '../adapters/clio/clio-oauth.adapter.js';
import { createClioGatewayProvider } from '../adapters/clio/clio.gateway.js';
import { RatePacer } from '../adapters/clio/rate-pacer.js';
import { createTokenRefresher } from '../adapters/clio/token-refresher.js';
import { createDynamoClioBudget } from '../adapters/dynamodb/clio-budget.adapter.js';
import { createDynamoRefreshLock } from '../adapters/dynamodb/refresh-lock.adapter.js';
import { createDynamoCallStateStore } from '../adapters/dynamodb/call-state.adapter.js';
import { createDynamoDedupStore } from '../adapters/dynamodb/dedup.adapter.js';
import { createDynamoOutcomeLog } from '../adapters/dynamodb/outcome-log.adapter.js';
import { createDynamoPhoneIndex } from '../adapters/dynamodb/phone-index.adapter.js';
import { createDynamoSessionStore } from '../adapters/dynamodb/session-store.adapter.js';
import { createDynamoTenantStore } from '../adapters/dynamodb/tenant-store.adapter.js';
import { createHttpMediaFetcher, perProviderCredentials } from '../adapters/http/media-fetcher.adapter.js';
import { WEBHOOK_PROVIDERS } from '../adapters/providers/index.js';
import { createSecretsManagerStore } from '../adapters/secrets/secret-store.adapter.js';
import { createRingCentralApi, RINGCENTRAL_API_BASE_URL, type RingCentralApi } from '../adapters/providers/ringcentral/ringcentral.api.js';
import { createTwilioMediaCredentials } from '../adapters/providers/twilio/twilio.media.js';
import { createVonageApi, type VonageApi } from '../adapters/providers/vonage/vonage.api.js';
import { createZoomApi, type ZoomApi } from '../adapters/providers/zoom/zoom.api.js';
import { createTwilioMessageLookup } from '../adapters/providers/twilio/twilio.messages.js';
import { createSqsEventQueue } from '../adapters/sqs/event-queue.adapter.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { ClioGatewayProvider } from '../ports/clio-gateway.js';
import type { ClioOAuth } from '../ports/clio-oauth.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import type { MessageLookup } from '../ports/message-lookup.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { TenantStore } from '../ports/tenant-store.js';
import type { WebhookProviders } from '../ports/webhook-provider.js';
import { DEFAULT_CALL_SETTLE_SECONDS, DEFAULT_OUTCOME_RETENTION_DAYS, EnvName, getStringFromEnv } from './env.js';

/** How long a failed event waits before its next attempt (when Clio did not say). */
export interface RetryPolicy {
  readonly baseSeconds: number;
  readonly capSeconds: number;
}

/** Where the functions find their resources. In Lambda it comes from the environment; locally, from the local stack. */
export interface RuntimeConfig {
  readonly tenantsTable: string;
  readonly outcomesTable: string;
  readonly idempotencyTable: string;
  readonly callStateTable: string;
  readonly phoneIndexTable: string;
  readonly queueUrl: string;
  readonly secretsPrefix: string;
  readonly publicBaseUrl: string;
  readonly clioBaseUrl?: string;
  /** Emulator endpoints and dummy credentials (local stack only; Lambda uses the SDK's defaults). */
  readonly aws?: {
    readonly region: string;
    readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly secretsManager: string };
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** @default 60_000 */
  readonly tenantCacheTtlMs?: number;
  /** @default 300 */
  readonly secretMaxAgeSeconds?: number;
  /** The longest in-invocation wait for the tenant's Clio window to reset. @default 5_000 */
  readonly clioMaxWaitMs?: number;
  /** @default { baseSeconds: 5, capSeconds: 300 } */
  readonly retry?: RetryPolicy;
  /** How long an assembled call waits for its late callbacks before it is logged (docs/calls.md). @default 20 */
  readonly callSettleSeconds?: number;
  /** Days an outcome is kept (`OUTCOME_RETENTION_DAYS`). @default 180 */
  readonly outcomeRetentionDays?: number;
  /** Twilio's REST API, for message text a status callback leaves out and recordings behind HTTP auth. @default https://api.twilio.com */
  readonly twilioApiBaseUrl?: string;
  /** RingCentral's API, for tenants' RingCentral connections (tokens, message store, attachments). @default https://platform.ringcentral.com */
  readonly ringcentralApiBaseUrl?: string;
  /**
   * One origin serving Zoom's OAuth token endpoint and its recording and voicemail downloads: the local stack's fake
   * only. @default https://zoom.us for tokens; downloads from https://zoom.us and https://api.zoom.us
   */
  readonly zoomApiBaseUrl?: string;
  /** One origin serving Vonage's `/v1/files/…`: the local stack's fake only. @default Vonage's own file hosts */
  readonly vonageApiBaseUrl?: string;
  /** Hosts media of the generic route may come from (`MEDIA_ALLOWED_HOSTS`); none: never fetched. */
  readonly genericMediaHosts?: readonly string[];
  /** Exact origins whose media is trusted as it is: the local stack's own media server, never in AWS. */
  readonly trustedMediaOrigins?: readonly string[];
}

export const runtimeConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): RuntimeConfig => ({
  tenantsTable: getStringFromEnv(EnvName.TenantsTable, env),
  outcomesTable: getStringFromEnv(EnvName.OutcomesTable, env),
  idempotencyTable: getStringFromEnv(EnvName.IdempotencyTable, env),
  callStateTable: getStringFromEnv(EnvName.CallStateTable, env),
  phoneIndexTable: getStringFromEnv(EnvName.PhoneIndexTable, env),
  queueUrl: getStringFromEnv(EnvName.EventQueueUrl, env),
  secretsPrefix: getStringFromEnv(EnvName.SecretsPrefix, env),
  publicBaseUrl: getStringFromEnv(EnvName.PublicBaseUrl, env),
  ...(env[EnvName.ClioBaseUrl] ? { clioBaseUrl: env[EnvName.ClioBaseUrl] } : {}),
  ...(env[EnvName.CallSettleSeconds] ? { callSettleSeconds: settleSecondsOf(env[EnvName.CallSettleSeconds] ?? '') } : {}),
  ...(env[EnvName.MediaAllowedHosts] ? { genericMediaHosts: (env[EnvName.MediaAllowedHosts] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean) } : {}),
  ...(env[EnvName.OutcomeRetentionDays] ? { outcomeRetentionDays: retentionDaysOf(env[EnvName.OutcomeRetentionDays] ?? '') } : {}),
});

/** A retention in whole days, 1–3650: outcomes are what support and replays need, for a bounded time. */
export const retentionDaysOf = (value: string): number => {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error(`${EnvName.OutcomeRetentionDays} must be whole days from 1 to 3650, not ${value}`);
  return days;
};

/** A settle time in whole seconds, 0–300 (a call held longer would outlive the queue's patience for it). */
export const settleSecondsOf = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 300) throw new Error(`${EnvName.CallSettleSeconds} must be whole seconds from 0 to 300, not ${value}`);
  return seconds;
};

/** Every adapter, built once per cold start (or once per local stack). */
export interface Adapters {
  readonly tenants: TenantStore;
  /** Signed-in consoles (kept in the tenants table). */
  readonly sessions: SessionStore;
  readonly outcomes: OutcomeLog;
  readonly secrets: SecretStore;
  readonly queue: EventQueue;
  readonly dedup: DedupStore;
  readonly callState: CallStateStore;
  readonly index: PhoneIndex;
  readonly clio: ClioGatewayProvider;
  readonly oauth: ClioOAuth;
  /** One Clio host for every region, when configured. */
  readonly clioBaseUrl?: string;
  readonly media: MediaFetcher;
  readonly providers: WebhookProviders;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
  readonly retry: RetryPolicy;
  readonly callSettleSeconds: number;
  /** Reads what a message callback leaves out (Twilio's status callbacks, RingCentral's message-store changes), for the processor. */
  readonly messages: MessageLookup;
  /** Tenants' RingCentral connections (docs/providers/ringcentral.md). */
  readonly ringcentral: RingCentralApi;
  /** Tenants' Zoom connections (Server-to-Server OAuth), for recordings and voicemails (docs/providers/zoom.md). */
  readonly zoom: ZoomApi;
  /** Tenants' Vonage applications, for recordings (docs/providers/vonage.md). */
  readonly vonage: VonageApi;
  /** The processor's idempotency records (Powertools), in the idempotency table. */
  readonly idempotency: BasePersistenceLayer;
}

/**
 * Every AWS call ends inside the invocation that made it: the SDK has no request timeout of its own, and a call
 * that hangs until Lambda's timeout leaves the callback unanswered with nothing known of its event. Two attempts
 * of at most 1 s to connect and 2.5 s to answer stay under the ingest function's 10 s (docs/delivery.md).
 */
const AWS_CALL_LIMITS = { requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true }, maxAttempts: 2 } as const;

export const createAdapters = (config: RuntimeConfig): Adapters => {
  const client = (service: 'dynamodb' | 'sqs' | 'secretsManager') => ({
    ...AWS_CALL_LIMITS,
    ...(config.aws ? { region: config.aws.region, endpoint: config.aws.endpoints[service], credentials: config.aws.credentials } : {}),
  });
  const dynamo = new DynamoDBClient(client('dynamodb'));
  const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const secrets = createSecretsManagerStore({
    client: new SecretsManagerClient(client('secretsManager')),
    prefix: config.secretsPrefix,
    ...(config.secretMaxAgeSeconds === undefined ? {} : { maxAgeSeconds: config.secretMaxAgeSeconds }),
  });
  const tenants = createDynamoTenantStore({
    client: documents,
    tableName: config.tenantsTable,
    ...(config.tenantCacheTtlMs === undefined ? {} : { cacheTtlMs: config.tenantCacheTtlMs }),
  });
  const override = config.clioBaseUrl ? { baseUrlOverride: config.clioBaseUrl } : {};
  const oauth = createClioOAuth(override);
  const lock = createDynamoRefreshLock({ client: documents, tableName: config.tenantsTable });
  const refresher = createTokenRefresher({ secrets, tenants, oauth, lock, clock: systemClock });
  const ringcentral = createRingCentralApi({ secrets, baseUrl: config.ringcentralApiBaseUrl ?? RINGCENTRAL_API_BASE_URL, clock: systemClock });
  const zoom = createZoomApi({
    secrets, clock: systemClock,
    ...(config.zoomApiBaseUrl === undefined ? {} : { oauthBaseUrl: config.zoomApiBaseUrl, downloadOrigins: [new URL(config.zoomApiBaseUrl).origin] }),
  });
  const vonage = createVonageApi({ secrets, clock: systemClock, ...(config.vonageApiBaseUrl === undefined ? {} : { filesBaseUrl: config.vonageApiBaseUrl }) });
  const twilioApi = { secrets, baseUrl: config.twilioApiBaseUrl ?? 'https://api.twilio.com' };
  const twilioMessages = createTwilioMessageLookup(twilioApi);
  return {
    tenants,
    sessions: createDynamoSessionStore({ client: documents, tableName: config.tenantsTable }),
    outcomes: createDynamoOutcomeLog({ client: documents, tableName: config.outcomesTable, retentionDays: config.outcomeRetentionDays ?? DEFAULT_OUTCOME_RETENTION_DAYS }),
    dedup: createDynamoDedupStore({ client: documents, tableName: config.idempotencyTable }),
    callState: createDynamoCallStateStore({ client: documents, tableName: config.callStateTable }),
    index: createDynamoPhoneIndex({ client: documents, tableName: config.phoneIndexTable }),
    secrets,
    queue: createSqsEventQueue({ client: new SQSClient({ ...client('sqs'), useQueueUrlAsEndpoint: false }), queueUrl: config.queueUrl }),
    clio: createClioGatewayProvider({
      secrets, refresher, clock: systemClock, ...override,
      pacer: new RatePacer({ budget: createDynamoClioBudget({ client: documents, tableName: config.tenantsTable }), ...(config.clioMaxWaitMs === undefined ? {} : { maxWaitMs: config.clioMaxWaitMs }) }),
    }),
    oauth,
    ...(config.clioBaseUrl ? { clioBaseUrl: config.clioBaseUrl } : {}),
    media: createHttpMediaFetcher({
      ...(config.genericMediaHosts ? { genericHosts: config.genericMediaHosts } : {}),
      ...(config.trustedMediaOrigins ? { trustedOrigins: config.trustedMediaOrigins } : {}),
      credentials: perProviderCredentials({ ringcentral: ringcentral.media, twilio: createTwilioMediaCredentials(twilioApi), zoom: zoom.media, vonage: vonage.media }),
    }),
    providers: WEBHOOK_PROVIDERS,
    clock: systemClock,
    publicBaseUrl: config.publicBaseUrl,
    retry: config.retry ?? { baseSeconds: 5, capSeconds: 300 },
    callSettleSeconds: config.callSettleSeconds ?? DEFAULT_CALL_SETTLE_SECONDS,
    // Each lookup answers for its own provider's events only.
    messages: { find: async (event) => (await ringcentral.messages.find(event)) ?? twilioMessages.find(event) },
    ringcentral,
    zoom,
    vonage,
    idempotency: new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, awsSdkV3Client: dynamo }),
  };
};
