/** Every metric the code emits (EMF, namespace {@link METRICS_NAMESPACE}); dashboards and alarms use these names. */
export const METRICS_NAMESPACE = 'CallConnector';

export const MetricName = {
  /** A webhook was verified and its event queued (dimension: provider). */
  WebhookAccepted: 'WebhookAccepted',
  /** A webhook was verified but carried nothing to log (dimension: provider). */
  WebhookIgnored: 'WebhookIgnored',
  /** A webhook was refused: bad signature, unknown tenant, malformed... (dimensions: provider, code). */
  WebhookRejected: 'WebhookRejected',
  /** Every event's outcome, once (dimension: status — logged, skipped, failed or parked). */
  EventOutcome: 'EventOutcome',
  /** A skipped event, by why (dimension: reason). */
  EventSkipped: 'EventSkipped',
  /** dimension: status (HTTP status class or code) */
  ClioRequest: 'ClioRequest',
  ClioLatency: 'ClioLatency',
  ClioRateLimited: 'ClioRateLimited',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
