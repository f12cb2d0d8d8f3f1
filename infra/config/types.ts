import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { FairnessPolicy } from '../../shared/domain/fairness.js';
import type { MonitoringThresholds } from './monitoring.js';

/** The environments the app knows; `-c env=<name>` picks one (default `dev`). */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** Powertools log levels (`POWERTOOLS_LOG_LEVEL`). */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** A custom domain for the public API; the certificate must be in the stack's region (regional endpoint). */
export interface CustomDomainConfig {
  /** e.g. `calls.example-firm-tools.com`; providers are given `https://<domainName>/v1/...`. */
  readonly domainName: string;
  /** ACM certificate ARN covering {@link domainName}. DNS (CNAME/alias to the regional domain) is yours. */
  readonly certificateArn: string;
}

/** Everything that differs between environments. Plain data, no `process.env`, nothing computed at synth. */
export interface EnvironmentConfig {
  readonly envName: EnvironmentName;
  /** Pin the account/region; when omitted the stack is environment-agnostic (deploys where the CLI points). */
  readonly account?: string;
  readonly region?: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** Prefix of `POWERTOOLS_SERVICE_NAME`; each function appends its role (`-ingest`, `-processor`...). */
  readonly serviceName: string;
  readonly logLevel: LogLevel;
  /** Retention of function logs and API access logs. */
  readonly logRetention: RetentionDays;
  /** Applied to tables, KMS keys and log groups: `RETAIN` wherever data must survive a stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection on every table. */
  readonly deletionProtection: boolean;
  /** Secrets Manager name prefix, e.g. `call-connector/prod` (secrets are created at run time). */
  readonly secretsPrefix: string;
  /** Where alarms are sent; no subscription when omitted (the topic still exists). */
  readonly alarmEmail?: string;
  readonly customDomain?: CustomDomainConfig;
  /** One Clio host for every region (a sandbox); omitted in real environments. */
  readonly clioBaseUrl?: string;
  /** Seconds an assembled call waits for its late callbacks before it is logged (docs/calls.md). @default 20 */
  readonly callSettleSeconds?: number;
  /** Days an outcome (with what replay and support need) is kept. @default 180 */
  readonly outcomeRetentionDays?: number;
  /** Hosts (`name` or `*.suffix`) the generic route's media may be fetched from; none: never fetched. */
  readonly genericMediaHosts?: readonly string[];
  /**
   * Each tenant's fair share of the main lane (callbacks per window) and its ceiling beyond which its callbacks are
   * refused with a 429 (docs/fairness.md). @default DEFAULT_FAIRNESS (100 per 10 s, ceiling 1000)
   */
  readonly fairness?: FairnessPolicy;
  readonly processor: {
    /** Function timeout; the queue's visibility timeout is six times this. */
    readonly timeout: Duration;
    /**
     * Upper bound on concurrent processor invocations (2..1000). Clio limits requests per access token
     * (≈50/min at peak): message groups keep one tenant's number serial, this caps the fan-out.
     */
    readonly maxConcurrency: number;
    /** Concurrent invocations on the overflow lane, the events of tenants beyond their fair share. @default 2 */
    readonly overflowMaxConcurrency?: number;
    /**
     * Attempts before the processor moves an event to the DLQ: deliveries that began processing, not receives (a
     * delivery handed back because the firm's Clio budget is spent, or its call is settling, is none). The queues'
     * own redrive is a backstop at ten times this (`RECEIVES_PER_ATTEMPT`).
     */
    readonly maxReceiveCount: number;
    readonly memorySize: number;
  };
  readonly api: {
    /** Steady-state requests per second of a route without a limit of its own (the stage's default). */
    readonly throttleRateLimit: number;
    readonly throttleBurstLimit: number;
    /**
     * Each route's own limit, so a flood on one cannot starve the others: every provider's webhook route separately,
     * the admin API, the Clio OAuth callback, the Clio contact hooks (SECURITY.md, "Floods").
     */
    readonly routes: Readonly<Record<RouteClass, RouteThrottle>>;
  };
  readonly schedules: {
    /** Incremental sync of each tenant's normalised phone index from Clio. */
    readonly phoneIndexSyncEvery: Duration;
    /** Renewal of providers' expiring webhook subscriptions (RingCentral, Zoom...). */
    readonly clioHookRenewalEvery: Duration;
  };
  /** Alarm thresholds that differ from the defaults (`infra/config/monitoring.ts`). */
  readonly alarms?: Partial<MonitoringThresholds>;
}

/** The routes of the public API, by what calls them. */
export type RouteClass = 'webhook' | 'admin' | 'clioCallback' | 'clioHooks';

/** A route's steady-state requests per second and burst. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}
