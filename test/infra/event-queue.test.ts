import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { dev } from '../../infra/config/dev.js';
import { logicalId, propertiesOf, synth } from './support/synth.js';

// Prepare
const { stack, template } = synth();
const queue = () => propertiesOf(template, logicalId(stack.eventQueue.queue));
const dlq = () => propertiesOf(template, logicalId(stack.eventQueue.deadLetterQueue));

describe('EventQueue', () => {
  test('the event queue is FIFO and leaves deduplication to the MessageDeduplicationId the ingest sets', () => {
    // Act
    const properties = queue();

    // Assess
    expect(properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
  });

  test('the dead-letter queue is FIFO too (a FIFO queue can only redrive to one)', () => {
    // Act
    const properties = dlq();

    // Assess
    expect(properties).toMatchObject({ FifoQueue: true });
  });

  test("the queues' own redrive is a backstop at ten receives per attempt the processor gives an event", () => {
    // Act
    const redrive = queue().RedrivePolicy;

    // Assess
    expect(redrive).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.eventQueue.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 50,
    });
    expect(propertiesOf(template, logicalId(stack.eventQueue.overflowQueue)).RedrivePolicy).toMatchObject({ maxReceiveCount: 50 });
  });

  test("the attempts follow the environment config, in the processor's environment and the backstop", () => {
    // Prepare
    const config = { processor: { ...dev.processor, maxReceiveCount: 9 } };

    // Act
    const other = synth({ config });

    // Assess
    expect(propertiesOf(other.template, logicalId(other.stack.eventQueue.queue)).RedrivePolicy).toMatchObject({ maxReceiveCount: 90 });
    expect(propertiesOf(other.template, logicalId(other.stack.functions.processor!))).toMatchObject({
      Environment: {
        Variables: expect.objectContaining({ MAX_ATTEMPTS: '9', DEAD_LETTER_QUEUE_URL: { Ref: logicalId(other.stack.eventQueue.deadLetterQueue) } }) as unknown,
      },
    });
  });

  test('the visibility timeout is at least six times the processor timeout', () => {
    // Act
    const visibility = queue().VisibilityTimeout as number;
    const processorTimeout = propertiesOf(template, logicalId(stack.functions.processor!)).Timeout as number;

    // Assess
    expect(processorTimeout).toBe(30);
    expect(visibility).toBeGreaterThanOrEqual(6 * processorTimeout);
  });

  test('a longer processor timeout lengthens the visibility timeout with it', () => {
    // Prepare
    const config = { processor: { ...dev.processor, timeout: Duration.seconds(90) } };

    // Act
    const other = synth({ config });

    // Assess
    expect(propertiesOf(other.template, logicalId(other.stack.functions.processor!)).Timeout).toBe(90);
    expect(propertiesOf(other.template, logicalId(other.stack.eventQueue.queue)).VisibilityTimeout).toBe(540);
  });

  test('both queues are encrypted with the rotating customer-managed key', () => {
    // Act
    const keyRef = { 'Fn::GetAtt': [logicalId(stack.eventQueue.key), 'Arn'] };

    // Assess
    expect(queue().KmsMasterKeyId).toEqual(keyRef);
    expect(dlq().KmsMasterKeyId).toEqual(keyRef);
    expect(propertiesOf(template, logicalId(stack.eventQueue.key))).toMatchObject({ EnableKeyRotation: true });
  });

  test('every queue (both lanes and the DLQ) denies every request that is not over TLS', () => {
    // Act
    const policies = template.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      },
    });

    // Assess
    const protectedQueues = Object.values(policies).flatMap((policy) => (policy as { Properties: { Queues: unknown[] } }).Properties.Queues);
    expect(protectedQueues).toEqual(
      expect.arrayContaining(
        [stack.eventQueue.queue, stack.eventQueue.overflowQueue, stack.eventQueue.deadLetterQueue].map((queue) => ({ Ref: logicalId(queue) })),
      ),
    );
    expect(protectedQueues).toHaveLength(3);
  });
});
