import { METRICS_NAMESPACE } from '../../../shared/observability/metric-names.js';
import { render, type Json, type Synthesised } from './synth.js';

type Widget = { type: string; properties: { metrics?: Json[][]; alarms?: string[]; title?: string; query?: string } };

/** The dashboard body as JSON, intrinsics rendered as `${LogicalId}` placeholders. */
export const dashboardOf = ({ template }: Synthesised): { widgets: Widget[] } => {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`Expected one dashboard, found ${dashboards.length}`);
  const body = (dashboards[0]?.Properties as { DashboardBody: Json }).DashboardBody;
  return JSON.parse(render(body, new Map())) as { widgets: Widget[] };
};

const SELECT = new RegExp(`SELECT \\w+\\((\\w+)\\) FROM ${METRICS_NAMESPACE}\\b`, 'g');
const SEARCH = new RegExp(`Namespace="${METRICS_NAMESPACE}" MetricName="(\\w+)"`, 'g');

/** Custom metric names an expression (Metrics Insights or SEARCH) reads. */
const namesInExpression = (expression: string): string[] => [...expression.matchAll(SELECT), ...expression.matchAll(SEARCH)].map((match) => match[1] ?? '');

/** Custom metric names of one dashboard metric line: `[{ expression }]` or `[namespace, name, ...dims, options]`. */
const namesInLine = (line: Json[]): string[] => {
  const [first, second] = line;
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && typeof first.expression === 'string') {
    return namesInExpression(first.expression);
  }
  return first === METRICS_NAMESPACE && typeof second === 'string' ? [second] : [];
};

/** Every custom metric name (namespace {@link METRICS_NAMESPACE}) the dashboard graphs. */
export const dashboardMetricNames = (synthesised: Synthesised): Set<string> =>
  new Set(dashboardOf(synthesised).widgets.flatMap((widget) => (widget.properties.metrics ?? []).flatMap(namesInLine)));

interface AlarmProperties {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Metrics?: { Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[];
}

/** Every custom metric name the alarms watch. */
export const alarmMetricNames = ({ template }: Synthesised): Set<string> =>
  new Set(
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((alarm) => {
      const properties = alarm.Properties as AlarmProperties;
      const direct = properties.Namespace === METRICS_NAMESPACE && properties.MetricName ? [properties.MetricName] : [];
      const nested = (properties.Metrics ?? []).flatMap((metric) => [
        ...(metric.Expression ? namesInExpression(metric.Expression) : []),
        ...(metric.MetricStat?.Metric.Namespace === METRICS_NAMESPACE ? [metric.MetricStat.Metric.MetricName] : []),
      ]);
      return [...direct, ...nested];
    }),
  );
