import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTCOME_STATUSES } from '../../shared/domain/outcome.js';
import { METRICS_NAMESPACE, MetricName } from '../../shared/observability/metric-names.js';
import type { MonitoringThresholds } from '../config/monitoring.js';
import { insightsSum } from './custom-metrics.js';
import { apiRow, clioRow, lambdaRow, outcomeRow, queueRow, webhookRow } from './dashboard-widgets.js';

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Dashboard name; alarm names start with it. */
  readonly name: string;
  /** The functions to watch, by the name the dashboard shows. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly queue: IQueue;
  /** The overflow lane (docs/fairness.md): a backlog there is a tenant beyond its fair share, not an outage. */
  readonly overflowQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly api: IHttpApi;
  /** The API's access log group: which route a throttled request was for. */
  readonly accessLogGroup: ILogGroup;
  readonly thresholds: MonitoringThresholds;
  /** The processor's Powertools service name: the `service` dimension of the outcome metric it emits. */
  readonly processorService: string;
  /** Applied to the topic's KMS key. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);

interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly comparison?: ComparisonOperator;
}

/**
 * One dashboard an operator reads at a glance (alarm states first, then the pipeline top to bottom) and
 * the alarms that page: anything in the DLQ, a stale queue, a function's error rate or throttles, API
 * 5xx and storms of Clio 401s. Alarms (and their recovery) go to one encrypted SNS topic.
 */
export class Monitoring extends Construct {
  public readonly topic: Topic;
  public readonly dashboard: Dashboard;
  public readonly alarms: Alarm[] = [];
  private readonly name: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.name = props.name;
    this.topic = this.alarmTopic(props.removalPolicy);
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const t = props.thresholds;

    this.alarm('DlqNotEmpty', 'A message exhausted its retries and sits in the DLQ: an event was not logged.', {
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: ONE_MINUTE }),
      threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.alarm('QueueStale', `The oldest queued event is older than ${t.oldestMessageAge.toHumanString()}: the processor is stuck or throttled.`, {
      metric: props.queue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, period: ONE_MINUTE }),
      threshold: t.oldestMessageAge.toSeconds(),
      evaluationPeriods: 5,
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${title(name)}ErrorRate`, `More than ${t.errorRatePercent}% of ${name} invocations failed.`, {
        metric: new MathExpression({
          expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          usingMetrics: {
            errors: fn.metricErrors({ statistic: Stats.SUM }),
            invocations: fn.metricInvocations({ statistic: Stats.SUM }),
          },
          period: FIVE_MINUTES,
          label: `${name} error rate (%)`,
        }),
        threshold: t.errorRatePercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
      this.alarm(`${title(name)}Throttles`, `${name} invocations are being throttled.`, {
        metric: fn.metricThrottles({ statistic: Stats.SUM, period: FIVE_MINUTES }),
        threshold: 0,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    this.alarm('Api5xx', 'The public API answers 5xx: providers are retrying (or giving up on) webhooks.', {
      metric: props.api.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: t.api5xxPerFiveMinutes,
      evaluationPeriods: 1,
    });
    // One metric with a fixed status dimension (and the processor's service): the rate is plain metric math.
    const outcomes = Object.fromEntries(
      OUTCOME_STATUSES.map((status) => [
        status,
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: MetricName.EventOutcome,
          dimensionsMap: { service: props.processorService, status },
          statistic: Stats.SUM,
          period: t.failedOutcomeWindow,
        }),
      ]),
    );
    this.alarm(
      'FailedOutcomeRate',
      `More than ${t.failedOutcomePercent}% of events ended failed over ${t.failedOutcomeWindow.toHumanString()}: Clio refuses what we write, or media cannot be fetched.`,
      {
        metric: new MathExpression({
          expression: `IF(total > 0, 100 * FILL(failed, 0) / total, 0)`,
          usingMetrics: {
            ...outcomes,
            total: new MathExpression({
              expression: OUTCOME_STATUSES.map((status) => `FILL(${status}, 0)`).join(' + '),
              usingMetrics: outcomes,
              period: t.failedOutcomeWindow,
            }),
          },
          period: t.failedOutcomeWindow,
          label: 'failed outcomes (%)',
        }),
        threshold: t.failedOutcomePercent,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      },
    );
    this.alarm('Clio401Storm', 'Clio keeps answering 401: tokens are revoked or refresh is failing; events are being parked.', {
      metric: insightsSum(MetricName.ClioRequest, { where: { status: '401' }, label: 'Clio 401 responses' }),
      threshold: t.clio401PerFiveMinutes,
      evaluationPeriods: 1,
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.name,
      defaultInterval: Duration.hours(6),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 })],
        webhookRow(),
        outcomeRow(),
        clioRow(),
        queueRow(props.queue, props.overflowQueue, props.deadLetterQueue),
        lambdaRow(props.functions),
        apiRow(props.api, props.accessLogGroup),
      ],
    });
  }

  /** Every alarm: `>=` its threshold unless said otherwise, no data is fine (no traffic), alarm and recovery both notify. */
  private alarm(id: string, description: string, spec: AlarmSpec): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.name}-${id}`,
      alarmDescription: description,
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  /** CloudWatch publishes to an encrypted topic only if the key lets it; an AWS managed key would not. */
  private alarmTopic(removalPolicy: RemovalPolicy): Topic {
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the call connector alarm topic',
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return new Topic(this, 'AlarmTopic', { displayName: 'Call Connector alarms', masterKey: key, enforceSSL: true });
  }
}

const title = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
