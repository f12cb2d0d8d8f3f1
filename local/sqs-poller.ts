import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { localContext } from './lambda-context.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const toRecord = (message: Message, queueArn: string): SQSRecord => {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }) },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
};

/**
 * Behaves like Lambda's SQS event source: batches of up to 10, the handler's `batchItemFailures` stay on the
 * queue (visible again after their visibility timeout), everything else is deleted.
 */
export const startSqsPoller = (options: {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  waitSeconds?: number;
  /** Told how many records each invocation had and how long it ran (a benchmark's view of the processor's occupancy). */
  onInvocation?: (records: number, ms: number) => void;
}) => {
  let running = true;
  const loop = (async () => {
    while (running) {
      let Messages: Message[] = [];
      try {
        ({ Messages = [] } = await options.client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: options.waitSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        ));
      } catch (error) {
        if (!running) break;
        console.error('Polling the event queue failed; retrying in 1 s', error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      if (Messages.length === 0) continue;
      const records = Messages.map((m) => toRecord(m, options.queueArn));
      let failed: Set<string>;
      const invoked = performance.now();
      try {
        const response = await options.handler({ Records: records }, localContext(options.functionName));
        failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      } catch (error) {
        // The invocation failed as a whole (or "died"): like Lambda, nothing of the batch is deleted.
        if (!(error instanceof Error && error.name === 'InjectedCrash')) console.error(error);
        failed = new Set(records.map((r) => r.messageId));
      }
      options.onInvocation?.(records.length, performance.now() - invoked);
      const done = records.filter((r) => !failed.has(r.messageId));
      if (done.length > 0) {
        await options.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      }
    }
  })();
  return {
    async stop(): Promise<void> {
      running = false;
      await loop;
    },
  };
};
