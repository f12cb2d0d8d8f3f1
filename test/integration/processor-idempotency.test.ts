import type { SQSEvent } from 'aws-lambda';
import { createProcessorHandler } from '../../lambdas/processor/create-handler.js';
import { localContext } from '../../local/lambda-context.js';
import type { LocalStack } from '../../local/stack.js';
import { createDependencies } from '../../shared/config/wiring.js';
import { anEvent } from '../support/events.js';
import { communicationsFor, startTestStack } from '../support/local-stack.js';

describe("the processor's idempotency on the tenant + provider event key", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ processor: false });
  });
  afterAll(() => stack.stop());

  const delivery = (messageId: string, body: unknown, receiveCount = 1): SQSEvent => ({
    Records: [
      {
        messageId,
        receiptHandle: `handle-${messageId}`,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '0',
          SenderId: 'x',
          ApproximateFirstReceiveTimestamp: '0',
          MessageGroupId: 'demo#+14155550100',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:events.fifo',
        awsRegion: 'us-east-1',
      },
    ],
  });

  it('lets one of two processors handed the same event at once write it; the other is retried and then writes nothing', async () => {
    // Prepare: two processors (separate containers) receive the same event, as after an expired visibility timeout
    const event = anEvent({ tenantId: 'demo', providerEventId: `call:CAtwice${Date.now()}`, occurredAt: new Date().toISOString() });
    const [first, second] = [createProcessorHandler(createDependencies(stack.config)), createProcessorHandler(createDependencies(stack.config))];
    // Act
    const [a, b] = await Promise.all([first(delivery('m1', event), localContext('p1')), second(delivery('m2', event, 2), localContext('p2'))]);
    const retried = await second(delivery('m2', event, 3), localContext('p2'));
    // Assess
    expect([a.batchItemFailures.length, b.batchItemFailures.length].sort()).toEqual([0, 1]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(communicationsFor(stack, `twilio:${event.providerEventId}`)).toHaveLength(1);
  });
});
