import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types.js';

/** Production: data retained and deletion-protected, INFO logs kept for a year of audits. */
export const prod: EnvironmentConfig = {
  envName: 'prod',
  stackName: 'CallConnector-prod',
  serviceName: 'call-connector',
  logLevel: 'INFO',
  logRetention: RetentionDays.ONE_YEAR,
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
  secretsPrefix: 'call-connector/prod',
  // Replace with the team's on-call address before the first deploy.
  alarmEmail: 'call-connector-alarms@example.com',
  // Uncomment with your own domain and a regional ACM certificate:
  // customDomain: { domainName: 'calls.example.com', certificateArn: 'arn:aws:acm:<region>:<account>:certificate/<id>' },
  processor: { timeout: Duration.seconds(30), maxConcurrency: 10, maxReceiveCount: 5, memorySize: 1024 },
  api: {
    throttleRateLimit: 200,
    throttleBurstLimit: 400,
    routes: {
      webhook: { rateLimit: 100, burstLimit: 200 },
      admin: { rateLimit: 10, burstLimit: 20 },
      clioCallback: { rateLimit: 2, burstLimit: 10 },
      clioHooks: { rateLimit: 20, burstLimit: 40 },
    },
  },
  schedules: { phoneIndexSyncEvery: Duration.hours(1), clioHookRenewalEvery: Duration.hours(6) },
};
