import { join } from 'node:path';
import { CfnOutput, Duration, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { WEBHOOK_PROVIDERS } from '../../shared/adapters/providers/index.js';
import { DEFAULT_CALL_SETTLE_SECONDS, DEFAULT_OUTCOME_RETENTION_DAYS, EnvName } from '../../shared/config/env.js';
import { PROVIDERS } from '../../shared/domain/canonical-event.js';
import { METRICS_NAMESPACE } from '../../shared/observability/metric-names.js';
import { thresholdsOf } from '../config/monitoring.js';
import type { EnvironmentConfig } from '../config/types.js';
import { ConnectorFunction, type ConnectorFunctionProps } from '../constructs/connector-function.construct.js';
import { EventQueue } from '../constructs/event-queue.construct.js';
import { PublicApi } from '../constructs/public-api.construct.js';
import { Monitoring } from '../constructs/monitoring.construct.js';
import { Processor } from '../constructs/processor.construct.js';
import { ScheduledJob } from '../constructs/scheduled-job.construct.js';
import { TenantSecrets } from '../constructs/tenant-secrets.construct.js';
import { DataTables } from '../constructs/data-tables.construct.js';
import { ACCESS, type FunctionRole } from './access.js';

/** Absolute paths of the handlers' entry files; optional ones are deployed once they exist. */
export interface FunctionEntries {
  readonly ingest: string;
  readonly processor: string;
  /** @default - no admin routes, no OAuth callback */
  readonly admin?: string;
  /** @default - no phone-index sync job */
  readonly phoneIndexSync?: string;
  /** @default - no webhook renewal job */
  readonly clioHookRenewal?: string;
}

/** Props of {@link CallConnectorStack}. */
export interface CallConnectorStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Directory holding `package-lock.json` (the bundler's project root). */
  readonly projectRoot: string;
  readonly entries: FunctionEntries;
}

/** Scheduled jobs sweep every tenant; they get more time than a request does. */
const JOB_TIMEOUT = Duration.minutes(5);

/** The whole product in one stack per environment: API → ingest → FIFO queue → processor → Clio. */
export class CallConnectorStack extends Stack {
  /** Every function of the stack, by role (only the deployed ones). */
  public readonly functions: Partial<Record<FunctionRole, ConnectorFunction>> = {};
  public readonly api: PublicApi;
  public readonly eventQueue: EventQueue;
  public readonly data: DataTables;
  public readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: CallConnectorStackProps) {
    super(scope, id, props);
    const { config, entries } = props;
    Tags.of(this).add('app', 'call-connector');
    Tags.of(this).add('environment', config.envName);

    // The construct ids ('TenantStore', 'IngestApi') are older than the classes' names and stay: they name the
    // resources' logical ids in deployed stacks, and a new id would make CloudFormation replace the tables.
    this.data = new DataTables(this, 'TenantStore', {
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
    });
    const secrets = new TenantSecrets(this, 'TenantSecrets', { prefix: config.secretsPrefix });
    this.eventQueue = new EventQueue(this, 'EventQueue', {
      consumerTimeout: config.processor.timeout,
      maxAttempts: config.processor.maxReceiveCount,
      removalPolicy: config.removalPolicy,
    });

    const { tables } = this.data;
    const functionProps = (role: FunctionRole, entry: string): ConnectorFunctionProps => ({
      entry,
      projectRoot: props.projectRoot,
      serviceName: `${config.serviceName}-${kebab(role)}`,
      logLevel: config.logLevel,
      metricsNamespace: METRICS_NAMESPACE,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      environment: {
        [EnvName.TenantsTable]: tables.tenants.tableName,
        [EnvName.OutcomesTable]: tables.outcomes.tableName,
        [EnvName.IdempotencyTable]: tables.idempotency.tableName,
        [EnvName.CallStateTable]: tables.callState.tableName,
        [EnvName.PhoneIndexTable]: tables.phoneIndex.tableName,
        [EnvName.EventQueueUrl]: this.eventQueue.queue.queueUrl,
        [EnvName.OverflowQueueUrl]: this.eventQueue.overflowQueue.queueUrl,
        ...(config.fairness === undefined
          ? {}
          : { [EnvName.TenantFairShare]: `${config.fairness.fairShare}/${config.fairness.windowSeconds},${config.fairness.ceiling}` }),
        [EnvName.SecretsPrefix]: config.secretsPrefix,
        [EnvName.CallSettleSeconds]: String(config.callSettleSeconds ?? DEFAULT_CALL_SETTLE_SECONDS),
        [EnvName.OutcomeRetentionDays]: String(config.outcomeRetentionDays ?? DEFAULT_OUTCOME_RETENTION_DAYS),
        ...(config.clioBaseUrl === undefined ? {} : { [EnvName.ClioBaseUrl]: config.clioBaseUrl }),
        ...(config.genericMediaHosts === undefined ? {} : { [EnvName.MediaAllowedHosts]: config.genericMediaHosts.join(',') }),
      },
    });

    this.functions.ingest = new ConnectorFunction(this, 'IngestFunction', {
      ...functionProps('ingest', entries.ingest),
      description: 'Verifies provider webhooks and queues their events',
    });
    this.functions.processor = new Processor(this, 'Processor', {
      function: functionProps('processor', entries.processor),
      eventQueue: this.eventQueue,
      timeout: config.processor.timeout,
      maxConcurrency: config.processor.maxConcurrency,
      ...(config.processor.overflowMaxConcurrency === undefined ? {} : { overflowMaxConcurrency: config.processor.overflowMaxConcurrency }),
      memorySize: config.processor.memorySize,
    }).function;
    if (entries.admin) {
      this.functions.admin = new ConnectorFunction(this, 'AdminFunction', {
        ...functionProps('admin', entries.admin),
        description: 'Admin API (tenants, settings, credentials, outcomes, replay), admin console and Clio OAuth flow',
        // The console it serves, built by `npm run build:console` (cdk.json's app runs it first).
        bundledFolder: { source: join(props.projectRoot, 'console', 'dist'), target: 'console' },
      });
      // The operator's key (it creates tenants and reaches all of them), generated at deploy time, never at synth.
      const operatorKeyName = `${config.secretsPrefix}/operator-key`;
      const operatorKey = new Secret(this, 'OperatorKey', {
        secretName: operatorKeyName,
        description: 'Admin API key of the operator: Authorization: Bearer <value>',
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: config.removalPolicy,
      });
      operatorKey.grantRead(this.functions.admin);
      Validations.of(operatorKey).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'An API key held by a person, not a database credential: it is rotated by putting a new value, which no rotation function could do for the holder.',
      });
      new CfnOutput(this, 'OperatorKeySecretName', {
        value: operatorKeyName,
        description: 'aws secretsmanager get-secret-value --secret-id <this> gives the operator admin key',
      });
    }

    this.api = new PublicApi(this, 'IngestApi', {
      ingestFunction: this.functions.ingest,
      providers: Object.fromEntries(PROVIDERS.map((provider) => [provider, WEBHOOK_PROVIDERS[provider].methods ?? ['POST']])),
      ...(this.functions.admin ? { adminFunction: this.functions.admin } : {}),
      throttleRateLimit: config.api.throttleRateLimit,
      throttleBurstLimit: config.api.throttleBurstLimit,
      routeThrottles: config.api.routes,
      accessLogRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      ...(config.customDomain ? { customDomain: config.customDomain } : {}),
    });

    const jobs: { role: FunctionRole; entry: string | undefined; every: Duration; description: string }[] = [
      {
        role: 'phoneIndexSync',
        entry: entries.phoneIndexSync,
        every: config.schedules.phoneIndexSyncEvery,
        description: "Incremental sync of each tenant's phone and matter indexes from Clio",
      },
      {
        role: 'clioHookRenewal',
        entry: entries.clioHookRenewal,
        every: config.schedules.clioHookRenewalEvery,
        description: "Registers each connected tenant's Clio contact and matter webhooks, and renews them before they lapse",
      },
    ];
    for (const job of jobs) {
      if (job.entry === undefined) continue;
      const fn = new ConnectorFunction(this, `${pascal(job.role)}Function`, {
        ...functionProps(job.role, job.entry),
        timeout: JOB_TIMEOUT,
        description: job.description,
      });
      new ScheduledJob(this, `${pascal(job.role)}Schedule`, { function: fn, every: job.every, description: job.description });
      this.functions[job.role] = fn;
    }

    // The app's Clio OAuth client (one developer application per region): the operator puts its id and secret.
    const clioApp = new Secret(this, 'ClioApp', {
      secretName: `${config.secretsPrefix}/clio-app`,
      description: 'Clio developer application: {"clientId": "...", "clientSecret": "..."}',
      secretObjectValue: {},
      removalPolicy: config.removalPolicy,
    });
    Validations.of(clioApp).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: "The Clio client secret is issued by Clio's developer portal; it is rotated there and put here by the operator.",
    });
    for (const role of ['processor', 'admin', 'phoneIndexSync', 'clioHookRenewal'] as const) {
      const fn = this.functions[role];
      if (fn) clioApp.grantRead(fn);
    }
    new CfnOutput(this, 'ClioAppSecretName', {
      value: `${config.secretsPrefix}/clio-app`,
      description: 'Put {"clientId","clientSecret"} of the Clio developer application here',
    });

    for (const [role, fn] of entries_(this.functions)) {
      fn.addEnvironment(EnvName.PublicBaseUrl, this.api.publicBaseUrl);
      const access = ACCESS[role];
      for (const [table, level] of entries_(access.tables)) this.data.grant(fn, table, level);
      for (const [kind, level] of entries_(access.secrets)) secrets.grant(fn, kind, level);
      if (access.enqueue) this.eventQueue.grantSend(fn);
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      name: config.stackName,
      functions: Object.fromEntries(entries_(this.functions)),
      queue: this.eventQueue.queue,
      overflowQueue: this.eventQueue.overflowQueue,
      deadLetterQueue: this.eventQueue.deadLetterQueue,
      api: this.api.api,
      accessLogGroup: this.api.accessLogGroup,
      thresholds: thresholdsOf(config.alarms),
      processorService: `${config.serviceName}-${kebab('processor')}`,
      removalPolicy: config.removalPolicy,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'PublicBaseUrl', { value: this.api.publicBaseUrl, description: 'Base URL the phone systems call' });
    new CfnOutput(this, 'WebhookUrlPattern', {
      value: `${this.api.publicBaseUrl}/v1/tenants/<tenantId>/webhooks/<provider>`,
      description: `Webhook URL per tenant; provider is one of ${PROVIDERS.join(', ')}`,
    });
    if (this.api.domainName) {
      new CfnOutput(this, 'CustomDomainDnsTarget', {
        value: this.api.domainName.regionalDomainName,
        description: `CNAME (or alias) ${this.api.domainName.name} to this`,
      });
    }
    new CfnOutput(this, 'DashboardName', { value: config.stackName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.eventQueue.deadLetterQueue.queueUrl,
      description: 'npm run dlq -- list --dlq-url <this> --queue-url <EventQueueUrl> --outcomes-table <OutcomesTableName>',
    });
    new CfnOutput(this, 'EventQueueUrl', { value: this.eventQueue.queue.queueUrl });
    new CfnOutput(this, 'OutcomesTableName', { value: tables.outcomes.tableName });
  }
}

/** `Object.entries` that keeps the key type (the records here are closed). */
const entries_ = <K extends string, V>(record: Partial<Record<K, V>>): [K, V][] =>
  (Object.entries(record) as [K, V | undefined][]).filter((entry): entry is [K, V] => entry[1] !== undefined);

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
