import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { JSONObject } from '@aws-lambda-powertools/commons/types';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { CORRELATION_ATTRIBUTE, REPLAY_ATTRIBUTE } from '../../shared/adapters/sqs/event-queue.adapter.js';
import { canonicalEventSchema, eventIdOf, type CanonicalEvent } from '../../shared/domain/canonical-event.js';
import { AMENDMENT_WAIT_RECEIVES, RECEIVES_PER_ATTEMPT } from '../../shared/config/env.js';
import { AmendedCallPendingError, BudgetSpentError, RetryableError } from '../../shared/domain/errors.js';
import type { OutcomeStatus } from '../../shared/domain/outcome.js';
import type { Dependencies, RetryPolicy } from '../../shared/config/wiring.js';
import { logger } from '../../shared/observability/logger.js';
import { emitMetric } from '../../shared/observability/metrics.js';
import { MetricName } from '../../shared/observability/metric-names.js';
import { createEventProcessor, type DeliveryAttempt } from '../../shared/use-cases/process-event.js';
import { deliveryAttempt, receivedOf, type CountedAttempt } from './attempts.js';

/** Seconds before attempt `attempt + 1`: base × 2^(attempt − 1), capped, with full jitter in its upper half. */
export const backoffSeconds = (attempt: number, { baseSeconds, capSeconds }: RetryPolicy): number => {
  const ceiling = Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
};

/**
 * Whether a failed delivery not yet counted is handed back without counting as an attempt (docs/delivery.md#attempts):
 * when nothing began (the firm's Clio budget is spent, another delivery holds the event), and when it is a late
 * recording waiting for its call, on one of its message's first receives: at most {@link AMENDMENT_WAIT_RECEIVES} and
 * half the queues' redrive backstop, so one whose call is never logged still has its attempts and ends in the
 * dead-letter queue with our note.
 */
export const handedBackUncounted = (error: unknown, delivery: { readonly counted: boolean; readonly receives: number }, maxAttempts: number): boolean => {
  if (delivery.counted) return false;
  if (error instanceof BudgetSpentError || error instanceof IdempotencyAlreadyInProgressError) return true;
  const waitReceives = Math.min(AMENDMENT_WAIT_RECEIVES, Math.floor((maxAttempts * RECEIVES_PER_ATTEMPT) / 2));
  return error instanceof AmendedCallPendingError && delivery.receives <= waitReceives;
};

/** How many times the queue has handed the record out, this time included. */
const receivesOf = (record: SQSRecord): number => Number(record.attributes.ApproximateReceiveCount) || 1;

/** Thrown for a record handed back to the queue until its call has settled: not a failure of the event. */
class CallNotSettled extends Error {
  override readonly name = 'CallNotSettled';
}

/** A call is handed back only when it has more than this left to settle (the clocks of the queue and ours may differ). */
const SETTLE_SLACK_MS = 500;

/**
 * How long this delivery hands an assembled call back to the queue until it has settled, if it does. The first
 * delivery is judged by when the queue handed it out (its first-receive time), later ones by our clock. A delivery
 * handed back is not an attempt: it never reaches the count (docs/delivery.md#attempts).
 */
export const settlingOf = (record: SQSRecord, event: CanonicalEvent, now: Date): { readonly holdSeconds?: number } => {
  const received = receivesOf(record);
  const until = event.assembly?.settleUntil === undefined ? Number.NaN : Date.parse(event.assembly.settleUntil);
  if (Number.isNaN(until)) return {};
  const firstReceived = Number(record.attributes.ApproximateFirstReceiveTimestamp);
  const known = Number.isFinite(firstReceived) && firstReceived > 0;
  const left = until - now.getTime();
  const hold = received === 1 && known ? firstReceived < until - SETTLE_SLACK_MS : left > SETTLE_SLACK_MS;
  return hold ? { holdSeconds: Math.max(0, Math.ceil(left / 1000)) } : {};
};

/** The record's body as a canonical event, or nothing when it is not one. */
const eventOf = (body: string): CanonicalEvent | undefined => {
  try {
    const parsed = canonicalEventSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * What an event's processing answered, as the idempotency record keeps it: a status and a reason, never the event
 * nor its content (the record expires after 72 h).
 */
interface Processed {
  /** `dropped`: its tenant does not exist (was deleted); nothing was recorded. */
  readonly status: OutcomeStatus | 'dropped';
  readonly reason?: string;
  /** False when nothing was written: the event had an outcome, or its processing had completed before. */
  readonly fresh: boolean;
}

/** SQS FIFO batch → one event at a time through the pipeline; failed records (and the rest of their group) are retried. */
export const createProcessorHandler = (deps: Dependencies) => {
  const processEvent = createEventProcessor(deps);
  const batch = new SqsFifoPartialProcessorAsync();
  // Idempotency on the tenant + provider event key for 72 h: a record is "in progress" while one invocation works on
  // it (a second delivery waits its turn), and expires with that invocation should it die. A replay has its own key.
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    expiresAfterSeconds: 72 * 3600,
    responseHook: (response) => ({ ...(response as JSONObject), fresh: false }),
  });
  const processOnce = makeIdempotent(
    async (input: { key: string; event: CanonicalEvent; attempt: DeliveryAttempt; replay: boolean }): Promise<Processed> => {
      const { outcome, fresh, dropped } = await processEvent(input.event, { attempt: input.attempt, replay: input.replay });
      if (dropped) return { status: 'dropped', reason: dropped, fresh: false };
      return { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}), fresh };
    },
    { persistenceStore: deps.idempotency, config: idempotency },
  );

  /** A failed delivery: handed back, or moved to the dead-letter queue after its message's last attempt. */
  const failed = async (record: SQSRecord, event: CanonicalEvent, eventId: string, attempt: CountedAttempt, error: unknown): Promise<'dead-lettered'> => {
    const retryAfter = error instanceof RetryableError ? error.retryAfterSeconds : undefined;
    const receives = receivesOf(record);
    if (handedBackUncounted(error, { counted: attempt.counted, receives }, deps.maxAttempts)) {
      // Not an attempt. A late recording waits for its call longer on each receive; the others as briefly as they may.
      const delay = retryAfter ?? backoffSeconds(error instanceof AmendedCallPendingError ? receives : 1, deps.retry);
      await deps.queue.retryAfter(record.receiptHandle, delay, record.eventSourceARN);
      logger.info('Event handed back before its processing began', { why: (error as Error).name, receives, delaySeconds: delay });
      throw error;
    }
    const counts = await attempt.count();
    const note = { attempt: counts.attempt, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), at: new Date().toISOString() };
    const budgetSpent = error instanceof BudgetSpentError;
    if (budgetSpent) {
      // Cut short by the firm's Clio budget, not by a fault: waiting for a window never leads to the DLQ.
      await deps.outcomes.returnAttempt(event.tenantId, eventId, record.messageId);
    } else if (counts.ofMessage >= deps.maxAttempts) {
      await deps.queue.deadLetter(receivedOf(record));
      await deps.outcomes.noteRetry(event.tenantId, eventId, note);
      logger.error('Event moved to the dead-letter queue after its last attempt', { error: error as Error, attempt: counts.attempt });
      return 'dead-lettered';
    }
    // Clio said when (Retry-After); otherwise capped exponential backoff with jitter (a budget wait: the shortest).
    const delay = retryAfter ?? backoffSeconds(budgetSpent ? 1 : counts.attempt, deps.retry);
    await deps.queue.retryAfter(record.receiptHandle, delay, record.eventSourceARN);
    await deps.outcomes.noteRetry(event.tenantId, eventId, note);
    if (budgetSpent) logger.info("Event handed back for its firm's Clio budget", { attempt: counts.attempt, delaySeconds: delay });
    else logger.warn('Event will be retried', { error: error as Error, attempt: counts.attempt, delaySeconds: delay });
    throw error;
  };

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const event = eventOf(record.body);
    if (!event) {
      // Not a canonical event, and no retry makes it one: straight to the DLQ, where operators see it.
      await deps.queue.deadLetter(receivedOf(record));
      logger.error('A message that is not an event was moved to the dead-letter queue', { messageId: record.messageId });
      return;
    }
    const keys = {
      tenantId: event.tenantId,
      eventId: eventIdOf(event),
      correlationId: record.messageAttributes[CORRELATION_ATTRIBUTE]?.stringValue ?? event.correlationId,
    };
    logger.appendKeys(keys);
    try {
      const { holdSeconds } = settlingOf(record, event, deps.clock.now());
      if (holdSeconds !== undefined) {
        // Its other callbacks may still be on their way: the queue hands it back once they have had their time.
        await deps.queue.retryAfter(record.receiptHandle, holdSeconds, record.eventSourceARN);
        throw new CallNotSettled(`The call settles in ${holdSeconds} s`);
      }
      const attempt = deliveryAttempt(deps.outcomes, { tenantId: event.tenantId, eventId: keys.eventId, messageId: record.messageId }, deps.maxAttempts);
      const replay = record.messageAttributes[REPLAY_ATTRIBUTE]?.stringValue === 'true';
      const key = replay ? `${event.tenantId}#${keys.eventId}#replay#${record.messageId}` : `${event.tenantId}#${keys.eventId}`;
      const processed = await processOnce({ key, event, attempt, replay }).catch((error: unknown) => failed(record, event, keys.eventId, attempt, error));
      if (processed === 'dead-lettered' || processed.status === 'dropped') return;
      if (!processed.fresh) {
        logger.info('Event already processed; nothing written', { status: processed.status });
        return;
      }
      emitMetric(MetricName.EventOutcome, { status: processed.status });
      if (processed.status === 'skipped' && processed.reason) emitMetric(MetricName.EventSkipped, { reason: processed.reason });
      logger.info('Event processed', { status: processed.status, reason: processed.reason });
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
  };

  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    idempotency.registerLambdaContext(context);
    return processPartialResponse(event, recordHandler, batch, { context, skipGroupOnError: true, throwOnFullBatchFailure: false });
  }).use(injectLambdaContext(logger, { resetKeys: true }));
};
