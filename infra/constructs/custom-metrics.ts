import { Duration } from 'aws-cdk-lib';
import { MathExpression, SearchExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, type MetricName } from '../../shared/observability/metric-names.js';

/*
 * The code emits its metrics with Powertools (EMF), which adds a `service` dimension to every metric
 * besides the documented ones. CloudWatch matches dimension sets exactly, so a plain `Metric` would
 * have to know every function's service name. These helpers query across dimension sets instead:
 * Metrics Insights (`SELECT ... GROUP BY`) for sums, SEARCH for percentiles (Insights has none).
 * Only names of `MetricName` are accepted, so the dashboard cannot graph a metric nobody emits.
 */

const FIVE_MINUTES = Duration.minutes(5);
/** CloudWatch dynamic label: the series' own name, i.e. its group values for a grouped query. */
const DEFAULT_LABEL = '${LABEL}';

/** Options of {@link insightsSum}. */
export interface InsightsSumOptions {
  /** Dimension names to split the series by (one line per value). */
  readonly groupBy?: readonly string[];
  /** Exact dimension values to keep, e.g. `{ status: '401' }`. */
  readonly where?: Readonly<Record<string, string>>;
  /**
   * Series label.
   * @default - the group values for a grouped query (CloudWatch's `${LABEL}`), else the metric name
   */
  readonly label?: string;
  /** @default Duration.minutes(5) */
  readonly period?: Duration;
}

/** `SELECT SUM(<metric>) FROM <namespace> [WHERE ...] [GROUP BY ...]`, usable in graphs and alarms. */
export const insightsSum = (metric: MetricName, options: InsightsSumOptions = {}): MathExpression => {
  const where = Object.entries(options.where ?? {})
    .map(([name, value]) => `${name} = '${value.replaceAll("'", "''")}'`)
    .join(' AND ');
  const groupBy = options.groupBy?.join(', ') ?? '';
  const expression = [`SELECT SUM(${metric}) FROM ${METRICS_NAMESPACE}`, where && `WHERE ${where}`, groupBy && `GROUP BY ${groupBy}`].filter(Boolean).join(' ');
  // Without a label CDK would print the whole query as every line's name.
  const label = options.label ?? (groupBy ? DEFAULT_LABEL : metric);
  return new MathExpression({ expression, period: options.period ?? FIVE_MINUTES, label });
};

/** Every series of one custom metric at one statistic (e.g. `p99`), one line per dimension set. */
export const searchStatistic = (metric: MetricName, statistic: string, label: string): SearchExpression =>
  new SearchExpression({
    expression: `SEARCH('Namespace="${METRICS_NAMESPACE}" MetricName="${metric}"', '${statistic}', ${FIVE_MINUTES.toSeconds()})`,
    label,
    period: FIVE_MINUTES,
  });
