import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import { METRICS_NAMESPACE, type MetricName } from './metric-names.js';

/** The one EMF metrics instance of every function. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'call-connector' });

/** Emits one data point with its own dimensions (e.g. per provider or per reason), flushed at once. */
export const emitMetric = (name: MetricName, dimensions: Readonly<Record<string, string>> = {}, value = 1, unit: Unit = MetricUnit.Count): void => {
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, unit, value);
};

export { MetricUnit };
