import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of every function (structured JSON; `tenantId`, event id and correlation id appended per record). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'call-connector' });
