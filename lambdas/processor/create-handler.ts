import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { CORRELATION_ATTRIBUTE, REPLAY_ATTRIBUTE } from '../../shared/adapters/sqs/event-queue.adapter.js';
import { canonicalEventSchema, eventIdOf } from '../../shared/domain/canonical-event.js';
import { RetryableError } from '../../shared/domain/errors.js';
import type { OutcomeStatus } from '../../shared/domain/outcome.js';
import type { Adapters } from '../../shared/config/wiring.js';
import { emitMetric, logger } from '../../shared/observability/logger.js';
import { MetricName } from '../../shared/observability/metric-names.js';
import { createEventProcessor } from '../../shared/use-cases/process-event.js';

const OUTCOME_METRIC: Record<OutcomeStatus, MetricName> = {
  logged: MetricName.EventLogged,
  skipped: MetricName.EventSkipped,
  failed: MetricName.EventFailed,
  parked: MetricName.EventParked,
};

/** SQS FIFO batch → one event at a time through the pipeline; failed records (and the rest of their group) are retried. */
export const createProcessorHandler = (deps: Adapters) => {
  const processEvent = createEventProcessor(deps);
  const batch = new SqsFifoPartialProcessorAsync();

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    // A message that is not a canonical event can never succeed: failing it sends it to the DLQ, where operators see it.
    const event = canonicalEventSchema.parse(JSON.parse(record.body));
    const keys = { tenantId: event.tenantId, eventId: eventIdOf(event), correlationId: record.messageAttributes[CORRELATION_ATTRIBUTE]?.stringValue ?? event.correlationId };
    logger.appendKeys(keys);
    try {
      const replay = record.messageAttributes[REPLAY_ATTRIBUTE]?.stringValue === 'true';
      const { outcome, fresh } = await processEvent(event, { attempt: Number(record.attributes.ApproximateReceiveCount) || 1, replay });
      if (!fresh) {
        logger.info('Event already has an outcome; nothing written', { status: outcome.status });
        return;
      }
      emitMetric(OUTCOME_METRIC[outcome.status], outcome.status === 'skipped' && outcome.reason ? { reason: outcome.reason } : {});
      logger.info('Event processed', { status: outcome.status, reason: outcome.reason, clio: outcome.clio });
    } catch (error) {
      if (error instanceof RetryableError && error.retryAfterSeconds !== undefined) {
        await deps.queue.retryAfter(record.receiptHandle, error.retryAfterSeconds);
      }
      logger.warn('Event will be retried', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
  };

  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, batch, { context, skipGroupOnError: true, throwOnFullBatchFailure: false }),
  ).use(injectLambdaContext(logger, { resetKeys: true }));
};
