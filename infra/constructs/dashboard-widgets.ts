import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { GraphWidget, LogQueryVisualizationType, LogQueryWidget, Stats, TextWidget, type IMetric, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { MetricName } from '../../shared/observability/metric-names.js';
import { insightsSum, searchStatistic } from './custom-metrics.js';

/*
 * The dashboard reads top to bottom like the pipeline: webhooks in, outcomes out, Clio in between,
 * then the plumbing (queues, functions, API). Each row answers one question an operator asks.
 */

const WIDTH = 8;
const HEIGHT = 6;
const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

const graph = (title: string, left: IMetric[], extra: { right?: IMetric[]; width?: number } = {}): GraphWidget =>
  new GraphWidget({ title, left, width: extra.width ?? WIDTH, height: HEIGHT, ...(extra.right ? { right: extra.right } : {}) });

const heading = (markdown: string): TextWidget => new TextWidget({ markdown, width: 24, height: 1 });

/** Webhooks by provider and by fate (accepted, ignored, rejected with its code). */
export const webhookRow = (): IWidget[] => [
  heading('### Webhooks — by provider: accepted (queued), ignored (nothing to log), rejected (by code)'),
  graph('Accepted by provider', [insightsSum(MetricName.WebhookAccepted, { groupBy: ['provider'] })]),
  graph('Ignored by provider', [insightsSum(MetricName.WebhookIgnored, { groupBy: ['provider'] })]),
  graph('Rejected by provider and code', [insightsSum(MetricName.WebhookRejected, { groupBy: ['provider', 'code'] })]),
];

/** Every event ends in exactly one outcome; skips are split by reason. */
export const outcomeRow = (): IWidget[] => [
  heading('### Outcomes — every queued event ends logged, skipped, failed or parked'),
  graph('Outcomes by status', [insightsSum(MetricName.EventOutcome, { groupBy: ['status'] })], { width: 12 }),
  graph('Skipped by reason', [insightsSum(MetricName.EventSkipped, { groupBy: ['reason'] })], { width: 12 }),
];

/** Clio traffic: status mix, latency, rate limiting. */
export const clioRow = (): IWidget[] => [
  heading('### Clio API — requests by status, latency, rate limiting (429)'),
  graph('Requests by status', [insightsSum(MetricName.ClioRequest, { groupBy: ['status'] })]),
  graph('Latency (ms)', [
    searchStatistic(MetricName.ClioLatency, 'p50', "p50 ${PROP('Dim.service')}"),
    searchStatistic(MetricName.ClioLatency, 'p99', "p99 ${PROP('Dim.service')}"),
  ]),
  graph('Rate limited (429)', [
    insightsSum(MetricName.ClioRateLimited, { label: 'rate limited' }),
    insightsSum(MetricName.ClioRequest, { where: { status: '429' }, label: '429 responses' }),
  ]),
];

/** Queue depth and age of both lanes (overflow: tenants beyond their fair share), and the DLQ, which should always be empty. */
export const queueRow = (queue: IQueue, overflowQueue: IQueue, deadLetterQueue: IQueue): IWidget[] => [
  heading('### Event queue — depth, oldest message (main lane, and overflow: tenants beyond their fair share), dead letters (should be 0)'),
  graph('Queue depth', [
    queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'visible' }),
    queue.metricApproximateNumberOfMessagesNotVisible({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'in flight' }),
    overflowQueue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'overflow visible' }),
  ]),
  graph('Oldest message age (s)', [
    queue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'oldest' }),
    overflowQueue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'overflow oldest' }),
  ]),
  graph('Dead-letter queue depth', [
    deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: ONE_MINUTE, label: 'DLQ visible' }),
  ]),
];

/** Errors, throttles and duration per function, side by side. */
export const lambdaRow = (functions: Readonly<Record<string, IFunction>>): IWidget[] => {
  const each = (metric: (name: string, fn: IFunction) => IMetric): IMetric[] => Object.entries(functions).map(([name, fn]) => metric(name, fn));
  return [
    heading('### Functions — errors, throttles, duration'),
    graph(
      'Errors',
      each((name, fn) => fn.metricErrors({ statistic: Stats.SUM, period: FIVE_MINUTES, label: name })),
    ),
    graph(
      'Throttles',
      each((name, fn) => fn.metricThrottles({ statistic: Stats.SUM, period: FIVE_MINUTES, label: name })),
    ),
    graph(
      'Duration p99 (ms)',
      each((name, fn) => fn.metricDuration({ statistic: Stats.p(99), period: FIVE_MINUTES, label: name })),
    ),
  ];
};

/** The public API: traffic, errors and latency as the providers see them. */
export const apiRow = (api: IHttpApi, accessLogs: ILogGroup): IWidget[] => [
  heading('### Public API — requests, 4xx / 5xx, latency, throttled requests by route'),
  graph('Requests', [api.metricCount({ statistic: Stats.SUM, period: FIVE_MINUTES, label: 'requests' })]),
  graph('Errors', [
    api.metricClientError({ statistic: Stats.SUM, period: FIVE_MINUTES, label: '4xx' }),
    api.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES, label: '5xx' }),
  ]),
  graph('Latency p99 (ms)', [
    api.metricLatency({ statistic: Stats.p(99), period: FIVE_MINUTES, label: 'latency' }),
    api.metricIntegrationLatency({ statistic: Stats.p(99), period: FIVE_MINUTES, label: 'integration' }),
  ]),
  // Each route has its own limit (infra/config): the access log says which one a 429 came from.
  new LogQueryWidget({
    title: 'Throttled (429) by route',
    logGroupNames: [accessLogs.logGroupName],
    view: LogQueryVisualizationType.STACKEDAREA,
    queryLines: ['filter status = "429"', 'stats count(*) as throttled by routeKey, bin(5m)'],
    width: 24,
    height: HEIGHT,
  }),
];
