import { Duration } from 'aws-cdk-lib';

/** Alarm thresholds: one set of defaults here, each environment overrides only what differs (docs/operations.md). */
export interface MonitoringThresholds {
  /** Oldest message in the event queue older than this. */
  readonly oldestMessageAge: Duration;
  /** Lambda errors / invocations, percent, per function. */
  readonly errorRatePercent: number;
  /** API 5xx responses per 5 minutes. */
  readonly api5xxPerFiveMinutes: number;
  /** Clio 401 responses per 5 minutes (token refresh failing, access revoked). */
  readonly clio401PerFiveMinutes: number;
  /** Failed outcomes, percent of every outcome, over {@link failedOutcomeWindow}. */
  readonly failedOutcomePercent: number;
  readonly failedOutcomeWindow: Duration;
}

/** Production's thresholds; staging and dev loosen some. */
export const DEFAULT_THRESHOLDS: MonitoringThresholds = {
  oldestMessageAge: Duration.minutes(10),
  errorRatePercent: 2,
  api5xxPerFiveMinutes: 1,
  clio401PerFiveMinutes: 10,
  failedOutcomePercent: 5,
  failedOutcomeWindow: Duration.minutes(15),
};

/** The defaults with an environment's overrides. */
export const thresholdsOf = (overrides: Partial<MonitoringThresholds> = {}): MonitoringThresholds => ({ ...DEFAULT_THRESHOLDS, ...overrides });
