import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { createClioClientFactory } from '../adapters/clio/clio-accounts.adapter.js';
import { clioHookReader } from '../adapters/clio/clio-contact-hook.js';
import { createClioOAuth } from '../adapters/clio/clio-oauth.adapter.js';
import { createClioGateways } from '../adapters/clio/clio.gateway.js';
import { RatePacer } from '../adapters/clio/rate-pacer.js';
import { createTokenRefresher } from '../adapters/clio/token-refresher.js';
import { createDynamoClioBudget } from '../adapters/dynamodb/clio-budget.adapter.js';
import { createDynamoRefreshLock } from '../adapters/dynamodb/refresh-lock.adapter.js';
import { createDynamoOutcomeLog } from '../adapters/dynamodb/outcome-log.adapter.js';
import { createDynamoMatterIndex } from '../adapters/dynamodb/matter-index.adapter.js';
import { createDynamoPhoneIndex } from '../adapters/dynamodb/phone-index.adapter.js';
import { createDynamoSessionStore } from '../adapters/dynamodb/session-store.adapter.js';
import { createHttpMediaFetcher, perProviderCredentials } from '../adapters/http/media-fetcher.adapter.js';
import { WEBHOOK_PROVIDERS } from '../adapters/providers/index.js';
import { createRingCentralApi, RINGCENTRAL_API_BASE_URL, type RingCentralApi } from '../adapters/providers/ringcentral/ringcentral.api.js';
import { createTwilioMediaCredentials } from '../adapters/providers/twilio/twilio.media.js';
import { createVonageApi, type VonageApi } from '../adapters/providers/vonage/vonage.api.js';
import { createZoomApi, type ZoomApi } from '../adapters/providers/zoom/zoom.api.js';
import { createTwilioMessageLookup } from '../adapters/providers/twilio/twilio.messages.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import type { ClioGateways } from '../ports/clio-gateway.js';
import type { ClioClientFactory } from '../ports/clio-accounts.js';
import type { ClioHookReader } from '../ports/clio-hooks.js';
import type { ClioOAuth } from '../ports/clio-oauth.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { TenantAdmission } from '../ports/tenant-admission.js';
import type { FairnessPolicy } from '../domain/fairness.js';
import type { MatterIndex } from '../ports/matter-index.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import type { MessageLookup } from '../ports/message-lookup.js';
import type { OutcomeLog } from '../ports/outcome-log.js';
import type { PhoneIndex } from '../ports/phone-index.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { TenantStore } from '../ports/tenant-store.js';
import type { WebhookProviders } from '../ports/webhook-provider.js';
import { createCoreDependencies, type RetryPolicy, type RuntimeConfig } from './core-wiring.js';
import { DEFAULT_CALL_SETTLE_SECONDS, DEFAULT_MAX_ATTEMPTS, DEFAULT_OUTCOME_RETENTION_DAYS } from './env.js';

export { fairShareOf, retentionDaysOf, runtimeConfigFromEnv, settleSecondsOf, type RetryPolicy, type RuntimeConfig } from './core-wiring.js';

/** Every adapter, built once per cold start (or once per local stack). */
export interface Dependencies {
  readonly tenants: TenantStore;
  /** Signed-in consoles (kept in the tenants table). */
  readonly sessions: SessionStore;
  readonly outcomes: OutcomeLog;
  readonly secrets: SecretStore;
  readonly queue: EventQueue;
  readonly dedup: DedupStore;
  readonly callState: CallStateStore;
  readonly index: PhoneIndex;
  /** The tenants' open matters by party, beside the phone index (in its table). */
  readonly matters: MatterIndex;
  readonly clio: ClioGateways;
  readonly oauth: ClioOAuth;
  /** Clio asked with one token (who it is, the firm's users), for the connection flow and the console. */
  readonly clioClients: ClioClientFactory;
  /** Reads Clio's webhook deliveries. */
  readonly clioHooks: ClioHookReader;
  readonly media: MediaFetcher;
  readonly providers: WebhookProviders;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
  readonly retry: RetryPolicy;
  /** Attempts an event has before the processor moves it to the dead-letter queue. */
  readonly maxAttempts: number;
  readonly callSettleSeconds: number;
  readonly admission: TenantAdmission;
  readonly fairness: FairnessPolicy;
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
  /** How long a tenant's deletion waits before its last pass: the tenant cache's lifetime and a processor's timeout. */
  readonly deletionSettleMs?: number;
}

export const createDependencies = (config: RuntimeConfig): Dependencies => {
  const { dynamo, documents, secrets, tenants, queue, dedup, callState, admission, fairness } = createCoreDependencies(config);
  const override = config.clioBaseUrl ? { baseUrlOverride: config.clioBaseUrl } : {};
  const oauth = createClioOAuth(override);
  const lock = createDynamoRefreshLock({ client: documents, tableName: config.tenantsTable });
  const refresher = createTokenRefresher({ secrets, tenants, oauth, lock, clock: systemClock });
  const ringcentral = createRingCentralApi({ secrets, baseUrl: config.ringcentralApiBaseUrl ?? RINGCENTRAL_API_BASE_URL, clock: systemClock });
  const zoom = createZoomApi({
    secrets,
    clock: systemClock,
    ...(config.zoomApiBaseUrl === undefined ? {} : { oauthBaseUrl: config.zoomApiBaseUrl, downloadOrigins: [new URL(config.zoomApiBaseUrl).origin] }),
  });
  const vonage = createVonageApi({ secrets, clock: systemClock, ...(config.vonageApiBaseUrl === undefined ? {} : { filesBaseUrl: config.vonageApiBaseUrl }) });
  const twilioApi = { secrets, baseUrl: config.twilioApiBaseUrl ?? 'https://api.twilio.com' };
  const twilioMessages = createTwilioMessageLookup(twilioApi);
  return {
    tenants,
    sessions: createDynamoSessionStore({ client: documents, tableName: config.tenantsTable }),
    outcomes: createDynamoOutcomeLog({
      client: documents,
      tableName: config.outcomesTable,
      retentionDays: config.outcomeRetentionDays ?? DEFAULT_OUTCOME_RETENTION_DAYS,
    }),
    dedup,
    callState,
    index: createDynamoPhoneIndex({ client: documents, tableName: config.phoneIndexTable }),
    matters: createDynamoMatterIndex({ client: documents, tableName: config.phoneIndexTable, clock: systemClock }),
    secrets,
    queue,
    admission,
    fairness,
    clio: createClioGateways({
      secrets,
      refresher,
      clock: systemClock,
      ...override,
      pacer: new RatePacer({
        budget: createDynamoClioBudget({ client: documents, tableName: config.tenantsTable }),
        ...(config.clioMaxWaitMs === undefined ? {} : { maxWaitMs: config.clioMaxWaitMs }),
      }),
    }),
    oauth,
    clioClients: createClioClientFactory(override),
    clioHooks: clioHookReader,
    media: createHttpMediaFetcher({
      ...(config.genericMediaHosts ? { genericHosts: config.genericMediaHosts } : {}),
      ...(config.trustedMediaOrigins ? { trustedOrigins: config.trustedMediaOrigins } : {}),
      credentials: perProviderCredentials({
        ringcentral: ringcentral.media,
        twilio: createTwilioMediaCredentials(twilioApi),
        zoom: zoom.media,
        vonage: vonage.media,
      }),
    }),
    providers: WEBHOOK_PROVIDERS,
    clock: systemClock,
    publicBaseUrl: config.publicBaseUrl,
    retry: config.retry ?? { baseSeconds: 5, capSeconds: 300 },
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    callSettleSeconds: config.callSettleSeconds ?? DEFAULT_CALL_SETTLE_SECONDS,
    // Each lookup answers for its own provider's events only.
    messages: { find: async (event) => (await ringcentral.messages.find(event)) ?? twilioMessages.find(event) },
    ringcentral,
    zoom,
    vonage,
    idempotency: new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, awsSdkV3Client: dynamo }),
    // No cache, nothing to wait for (tests); otherwise the cache's lifetime and a minute for a processor's work.
    ...(config.tenantCacheTtlMs === undefined ? {} : { deletionSettleMs: config.tenantCacheTtlMs === 0 ? 0 : config.tenantCacheTtlMs + 60_000 }),
  };
};
