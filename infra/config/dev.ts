import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types.js';

/** A developer's sandbox: verbose logs, short retention, everything removable. */
export const dev: EnvironmentConfig = {
  envName: 'dev',
  stackName: 'CallConnector-dev',
  serviceName: 'call-connector',
  logLevel: 'DEBUG',
  logRetention: RetentionDays.ONE_WEEK,
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  secretsPrefix: 'call-connector/dev',
  processor: { timeout: Duration.seconds(30), maxConcurrency: 2, maxReceiveCount: 5, memorySize: 512 },
  api: {
    throttleRateLimit: 20,
    throttleBurstLimit: 40,
    routes: {
      webhook: { rateLimit: 10, burstLimit: 20 },
      admin: { rateLimit: 5, burstLimit: 10 },
      clioCallback: { rateLimit: 1, burstLimit: 5 },
      clioHooks: { rateLimit: 5, burstLimit: 10 },
    },
  },
  schedules: { phoneIndexSyncEvery: Duration.hours(6), clioHookRenewalEvery: Duration.hours(12) },
  alarms: { oldestMessageAge: Duration.minutes(30), errorRatePercent: 10, api5xxPerFiveMinutes: 10, clio401PerFiveMinutes: 20, failedOutcomePercent: 20 },
};
