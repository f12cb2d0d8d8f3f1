import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoTenantAdmission } from '../adapters/dynamodb/admission.adapter.js';
import { createDynamoCallStateStore } from '../adapters/dynamodb/call-state.adapter.js';
import { createDynamoDedupStore } from '../adapters/dynamodb/dedup.adapter.js';
import { createDynamoTenantStore } from '../adapters/dynamodb/tenant-store.adapter.js';
import { WEBHOOK_PROVIDERS } from '../adapters/providers/index.js';
import { createSecretsManagerStore } from '../adapters/secrets/secret-store.adapter.js';
import { createSqsEventQueue } from '../adapters/sqs/event-queue.adapter.js';
import { DEFAULT_FAIRNESS, fairnessPolicyOf, type FairnessPolicy } from '../domain/fairness.js';
import { systemClock } from '../ports/clock.js';
import type { WebhookIngestDeps } from '../use-cases/ingest-webhook.js';
import { DEFAULT_CALL_SETTLE_SECONDS, EnvName, getStringFromEnv } from './env.js';

// The runtime configuration, what every function builds, and the ingest function's adapters. This module imports
// nothing the ingest does not use: a Lambda bundle holds every module its entry imports, so the other functions'
// adapters (Clio, media, Powertools idempotency) are built in `wiring.ts`, which the ingest entry does not import.

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
  /** The overflow lane (docs/fairness.md); without it, every event takes the main queue. */
  readonly overflowQueueUrl?: string;
  /** The processor's dead-letter queue (`DEAD_LETTER_QUEUE_URL`); the other functions have none. */
  readonly deadLetterQueueUrl?: string;
  /** Attempts before an event is dead-lettered (`MAX_ATTEMPTS`, 1–100). @default DEFAULT_MAX_ATTEMPTS */
  readonly maxAttempts?: number;
  /** Each tenant's fair share of the main lane and its ceiling. @default DEFAULT_FAIRNESS */
  readonly fairness?: FairnessPolicy;
  readonly secretsPrefix: string;
  readonly publicBaseUrl: string;
  readonly clioBaseUrl?: string;
  /** Emulator endpoints and dummy credentials (local stack only; Lambda uses the SDK's defaults). */
  readonly aws?: {
    readonly region: string;
    readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly secretsManager: string };
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    /**
     * How long an emulator may take to accept and to answer one request. The local stack's emulators run in the process that
     * calls them: a pause of that process (a long garbage collection, a busy machine) is a pause of every answer,
     * and a request sent again after it would be applied twice (an atomic count added twice). @default 1 s to accept, 2.5 s to answer
     */
    readonly timeoutMs?: number;
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
  ...(env[EnvName.OverflowQueueUrl] ? { overflowQueueUrl: env[EnvName.OverflowQueueUrl] } : {}),
  ...(env[EnvName.DeadLetterQueueUrl] ? { deadLetterQueueUrl: env[EnvName.DeadLetterQueueUrl] } : {}),
  ...(env[EnvName.MaxAttempts] ? { maxAttempts: maxAttemptsOf(env[EnvName.MaxAttempts] ?? '') } : {}),
  ...(env[EnvName.TenantFairShare] ? { fairness: fairShareOf(env[EnvName.TenantFairShare] ?? '') } : {}),
  secretsPrefix: getStringFromEnv(EnvName.SecretsPrefix, env),
  publicBaseUrl: getStringFromEnv(EnvName.PublicBaseUrl, env),
  ...(env[EnvName.ClioBaseUrl] ? { clioBaseUrl: env[EnvName.ClioBaseUrl] } : {}),
  ...(env[EnvName.CallSettleSeconds] ? { callSettleSeconds: settleSecondsOf(env[EnvName.CallSettleSeconds] ?? '') } : {}),
  ...(env[EnvName.MediaAllowedHosts]
    ? {
        genericMediaHosts: (env[EnvName.MediaAllowedHosts] ?? '')
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      }
    : {}),
  ...(env[EnvName.OutcomeRetentionDays] ? { outcomeRetentionDays: retentionDaysOf(env[EnvName.OutcomeRetentionDays] ?? '') } : {}),
});

/** A retention in whole days, 1–3650: outcomes are what support and replays need, for a bounded time. */
export const retentionDaysOf = (value: string): number => {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error(`${EnvName.OutcomeRetentionDays} must be whole days from 1 to 3650, not ${value}`);
  return days;
};

/** Whole attempts, 1–100: each one may reach Clio, and the queue's own redrive is a multiple of it. */
export const maxAttemptsOf = (value: string): number => {
  const attempts = Number(value);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100)
    throw new Error(`${EnvName.MaxAttempts} must be whole attempts from 1 to 100, not ${value}`);
  return attempts;
};

/** `TENANT_FAIR_SHARE`: `<callbacks>/<window seconds>,<ceiling>`, e.g. `100/10,1000`. */
export const fairShareOf = (value: string): FairnessPolicy => {
  const parts = /^(\d+)\/(\d+),(\d+)$/.exec(value.replace(/\s+/g, ''));
  if (!parts) throw new Error(`${EnvName.TenantFairShare} must read <callbacks>/<window seconds>,<ceiling> (e.g. 100/10,1000), not ${value}`);
  return fairnessPolicyOf({ fairShare: Number(parts[1]), windowSeconds: Number(parts[2]), ceiling: Number(parts[3]) });
};

/** A settle time in whole seconds, 0–300 (a call held longer would outlive the queue's patience for it). */
export const settleSecondsOf = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 300)
    throw new Error(`${EnvName.CallSettleSeconds} must be whole seconds from 0 to 300, not ${value}`);
  return seconds;
};

/**
 * Every AWS call ends inside the invocation that made it: the SDK has no request timeout of its own, and a call
 * that hangs until Lambda's timeout leaves the callback unanswered with nothing known of its event. Two attempts
 * of at most 1 s to connect and 2.5 s to answer stay under the ingest function's 10 s (docs/delivery.md).
 */
const awsCallLimits = (timeoutMs?: number) =>
  ({
    requestHandler: { connectionTimeout: timeoutMs ?? 1_000, requestTimeout: timeoutMs ?? 2_500, throwOnRequestTimeout: true },
    maxAttempts: 2,
  }) as const;

/** The AWS clients and the stores every function uses, built once per cold start. */
export const createCoreDependencies = (config: RuntimeConfig) => {
  const client = (service: 'dynamodb' | 'sqs' | 'secretsManager') => ({
    ...awsCallLimits(config.aws?.timeoutMs),
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
  const fairness = config.fairness ?? DEFAULT_FAIRNESS;
  return {
    dynamo,
    documents,
    secrets,
    tenants,
    queue: createSqsEventQueue({
      client: new SQSClient({ ...client('sqs'), useQueueUrlAsEndpoint: false }),
      queueUrl: config.queueUrl,
      ...(config.overflowQueueUrl ? { overflowQueueUrl: config.overflowQueueUrl } : {}),
      ...(config.deadLetterQueueUrl ? { deadLetterQueueUrl: config.deadLetterQueueUrl } : {}),
    }),
    admission: createDynamoTenantAdmission({ client: documents, tableName: config.idempotencyTable, windowSeconds: fairness.windowSeconds }),
    fairness,
    dedup: createDynamoDedupStore({ client: documents, tableName: config.idempotencyTable }),
    callState: createDynamoCallStateStore({ client: documents, tableName: config.callStateTable }),
  };
};

/** The ingest function's adapters: the same stores as every function's, and nothing it does not use. */
export const createIngestDependencies = (config: RuntimeConfig): WebhookIngestDeps => {
  const { tenants, secrets, queue, dedup, callState, admission, fairness } = createCoreDependencies(config);
  return {
    tenants,
    secrets,
    queue,
    dedup,
    callState,
    admission,
    fairness,
    providers: WEBHOOK_PROVIDERS,
    clock: systemClock,
    publicBaseUrl: config.publicBaseUrl,
    callSettleSeconds: config.callSettleSeconds ?? DEFAULT_CALL_SETTLE_SECONDS,
  };
};
