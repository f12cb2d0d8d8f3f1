import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventIdOf } from '../../domain/canonical-event.js';
import { deduplicationIdOf, messageGroupOf } from '../../domain/queueing.js';
import type { EventQueue } from '../../ports/event-queue.js';

/** The SQS message attribute that carries the ingest request's correlation id to the processor's logs. */
export const CORRELATION_ATTRIBUTE = 'correlationId';
/** Set (to `true`) on an event an admin asked to replay. */
export const REPLAY_ATTRIBUTE = 'replay';

export interface SqsEventQueueOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** The overflow lane's queue (docs/fairness.md); without one, every event takes the main queue. */
  readonly overflowQueueUrl?: string;
  /** Where the processor moves an event it gives up on; only the processor is given one. */
  readonly deadLetterQueueUrl?: string;
}

/** A queue's name: the last segment of its URL, and of its ARN. */
const queueNameOf = (urlOrArn: string): string => urlOrArn.split(/[/:]/).pop() ?? '';

/**
 * The event as JSON with every character beyond the Basic Multilingual Plane written as a `\uXXXX` surrogate
 * pair: the same JSON, and accepted by every SQS implementation (some refuse astral characters such as emoji).
 */
const messageBody = (event: unknown): string =>
  JSON.stringify(event).replace(/[\u{10000}-\u{10FFFF}]/gu, (c) =>
    c
      .split('')
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );

/**
 * The FIFO event queues (the main lane and the overflow lane): group = tenant + external number, deduplication =
 * tenant + provider event key.
 */
export const createSqsEventQueue = (options: SqsEventQueueOptions): EventQueue => ({
  async enqueue(event, { replay = false, lane = 'main' } = {}) {
    await options.client.send(
      new SendMessageCommand({
        QueueUrl: lane === 'overflow' && options.overflowQueueUrl ? options.overflowQueueUrl : options.queueUrl,
        MessageBody: messageBody(event),
        MessageGroupId: messageGroupOf(event),
        // A replay is a new request about the same event: it must not be dropped as a duplicate of the original.
        MessageDeduplicationId: replay ? randomUUID() : deduplicationIdOf(event),
        MessageAttributes: {
          [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: event.correlationId },
          eventId: { DataType: 'String', StringValue: eventIdOf(event) },
          ...(replay ? { [REPLAY_ATTRIBUTE]: { DataType: 'String', StringValue: 'true' } } : {}),
        },
      }),
    );
  },
  async retryAfter(receiptHandle, seconds, source) {
    const fromOverflow = source !== undefined && options.overflowQueueUrl !== undefined && queueNameOf(source) === queueNameOf(options.overflowQueueUrl);
    await options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: fromOverflow && options.overflowQueueUrl ? options.overflowQueueUrl : options.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(43_200, Math.max(0, Math.ceil(seconds))),
      }),
    );
  },
  async deadLetter(message) {
    if (options.deadLetterQueueUrl === undefined) throw new Error('No dead-letter queue is configured');
    await options.client.send(
      new SendMessageCommand({
        QueueUrl: options.deadLetterQueueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        // Sent again after a crash before its record was deleted, it is not a second letter.
        MessageDeduplicationId: message.messageId,
        MessageAttributes: Object.fromEntries(Object.entries(message.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
      }),
    );
  },
});
