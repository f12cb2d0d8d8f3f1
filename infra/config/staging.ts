import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types.js';

/** Production's shape at a smaller scale: data retained, alarms as in prod. */
export const staging: EnvironmentConfig = {
  envName: 'staging',
  stackName: 'CallConnector-staging',
  serviceName: 'call-connector',
  logLevel: 'INFO',
  logRetention: RetentionDays.ONE_MONTH,
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: false,
  secretsPrefix: 'call-connector/staging',
  // Replace with the team's on-call address before the first deploy.
  alarmEmail: 'call-connector-alarms@example.com',
  processor: { timeout: Duration.seconds(30), maxConcurrency: 5, maxReceiveCount: 5, memorySize: 512 },
  api: {
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
    routes: {
      webhook: { rateLimit: 25, burstLimit: 50 },
      admin: { rateLimit: 5, burstLimit: 10 },
      clioCallback: { rateLimit: 1, burstLimit: 5 },
      clioHooks: { rateLimit: 10, burstLimit: 20 },
    },
  },
  schedules: { phoneIndexSyncEvery: Duration.hours(1), clioHookRenewalEvery: Duration.hours(12) },
  alarms: { oldestMessageAge: Duration.minutes(15), errorRatePercent: 5, api5xxPerFiveMinutes: 5 },
};
