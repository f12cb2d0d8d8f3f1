import type { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { EnvName } from '../../shared/config/env.js';
import { ConnectorFunction, type ConnectorFunctionProps } from './connector-function.construct.js';
import { VISIBILITY_TIMEOUT_FACTOR, type EventQueue } from './event-queue.construct.js';

/** Props of {@link Processor}. */
export interface ProcessorProps {
  /** Bundling, logging and environment of the function (timeout and memory come from below). */
  readonly function: Omit<ConnectorFunctionProps, 'timeout' | 'memorySize' | 'description'>;
  /** The queue it consumes; its visibility timeout was derived from {@link timeout}. */
  readonly eventQueue: EventQueue;
  /** Function timeout; must match the `consumerTimeout` the queue was built with. */
  readonly timeout: Duration;
  /**
   * Maximum concurrent invocations the event source starts (2..1000). Clio limits requests per access
   * token, and events of one tenant and number are serial anyway: this keeps the fan-out inside the budget.
   */
  readonly maxConcurrency: number;
  /**
   * Concurrent invocations on the overflow lane (2..1000): the events of tenants beyond their fair share
   * (docs/fairness.md) never take more than this from the processor. @default 2
   */
  readonly overflowMaxConcurrency?: number;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 (the FIFO maximum) */
  readonly batchSize?: number;
}

/**
 * The processor: consumes the FIFO event queue and its overflow lane in batches and reports per-record failures
 * (`ReportBatchItemFailures`), so one failed record does not redeliver the batch. The event source's
 * grant includes `sqs:ChangeMessageVisibility`, which the handler uses to honour Clio's `Retry-After`; it sends an
 * event that has had its attempts to the DLQ itself.
 */
export class Processor extends Construct {
  public readonly function: ConnectorFunction;

  constructor(scope: Construct, id: string, props: ProcessorProps) {
    super(scope, id);
    const needed = props.timeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR;
    if (props.eventQueue.visibilityTimeout.toSeconds() < needed) {
      throw new Error(
        `Queue visibility timeout ${props.eventQueue.visibilityTimeout.toSeconds()} s is under ${VISIBILITY_TIMEOUT_FACTOR} x the processor timeout (${needed} s)`,
      );
    }

    this.function = new ConnectorFunction(this, 'Function', {
      ...props.function,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      description: 'Writes queued call, SMS and fax events to Clio',
    });
    // It counts an event's attempts and moves the event to the DLQ after the last one (docs/delivery.md#attempts).
    this.function.addEnvironment(EnvName.DeadLetterQueueUrl, props.eventQueue.deadLetterQueue.queueUrl);
    this.function.addEnvironment(EnvName.MaxAttempts, String(props.eventQueue.maxAttempts));
    props.eventQueue.grantDeadLetter(this.function);
    const lanes = [
      { queue: props.eventQueue.queue, maxConcurrency: props.maxConcurrency },
      { queue: props.eventQueue.overflowQueue, maxConcurrency: props.overflowMaxConcurrency ?? 2 },
    ];
    for (const { queue, maxConcurrency } of lanes) {
      this.function.addEventSource(new SqsEventSource(queue, { batchSize: props.batchSize ?? 10, reportBatchItemFailures: true, maxConcurrency }));
    }
  }
}
