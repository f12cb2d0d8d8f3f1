/** Environment variables the Lambda functions read. The CDK stack sets exactly these. */
export const EnvName = {
  TenantsTable: 'TENANTS_TABLE_NAME',
  OutcomesTable: 'OUTCOMES_TABLE_NAME',
  EventQueueUrl: 'EVENT_QUEUE_URL',
  SecretsPrefix: 'SECRETS_PREFIX',
  PublicBaseUrl: 'PUBLIC_BASE_URL',
  /** Tables the later capabilities use (idempotency records, call assembly state, phone index). */
  IdempotencyTable: 'IDEMPOTENCY_TABLE_NAME',
  CallStateTable: 'CALL_STATE_TABLE_NAME',
  PhoneIndexTable: 'PHONE_INDEX_TABLE_NAME',
  /** Optional: one Clio host for every region (the local simulator, a sandbox). */
  ClioBaseUrl: 'CLIO_BASE_URL',
  /** Seconds an assembled call waits for late callbacks before it is logged. */
  CallSettleSeconds: 'CALL_SETTLE_SECONDS',
  /** Optional: hosts (`name` or `*.suffix`, comma-separated) the generic route's media may be fetched from. */
  MediaAllowedHosts: 'MEDIA_ALLOWED_HOSTS',
  /** Days an outcome (what happened to an event, for the admin API and replays) is kept. */
  OutcomeRetentionDays: 'OUTCOME_RETENTION_DAYS',
  /** The overflow lane's queue: events of a tenant beyond its fair share (docs/fairness.md). */
  OverflowQueueUrl: 'OVERFLOW_QUEUE_URL',
  /** The processor's: the dead-letter queue it moves an event to once the event has had its attempts. */
  DeadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  /** The processor's: attempts (deliveries that began processing) before an event moves to the dead-letter queue. */
  MaxAttempts: 'MAX_ATTEMPTS',
  /** Optional: a tenant's fair share as `<callbacks>/<window seconds>,<ceiling>`, e.g. `100/10,1000`. */
  TenantFairShare: 'TENANT_FAIR_SHARE',
} as const;

/** Reads a required variable; a missing one is a deployment error, reported at cold start. */
export const getStringFromEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
};

/** How long an assembled call waits for its late callbacks, unless configured (docs/calls.md). */
export const DEFAULT_CALL_SETTLE_SECONDS = 20;

/** Attempts an event has before it moves to the dead-letter queue, unless configured (docs/delivery.md#attempts). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The queues' own redrive (`maxReceiveCount`) is this many receives per attempt: a backstop for a processor that
 * dies before it can count, far above what hand-backs that are no attempt (a spent Clio budget, about one per
 * minute-long window; the rest of a failed message group; a late recording's wait for its call, at most half of it)
 * add up to while an event waits its turn.
 */
export const RECEIVES_PER_ATTEMPT = 10;

/**
 * A late recording whose call has no outcome yet waits for it without counting for this many receives of its
 * message, at most, and at most half the queues' redrive backstop: about 38 to 75 minutes with the default backoff
 * (docs/delivery.md#attempts).
 */
export const AMENDMENT_WAIT_RECEIVES = 20;

/** How long outcomes are kept, unless configured per environment (SECURITY.md, "Data kept"). */
export const DEFAULT_OUTCOME_RETENTION_DAYS = 180;
