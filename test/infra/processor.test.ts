import { App, Duration, Stack } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventQueue } from '../../infra/constructs/event-queue.construct.js';
import { Processor } from '../../infra/constructs/processor.construct.js';
import { PROJECT_ROOT } from '../../infra/entries.js';
import { CORE_ENTRIES, logicalId, propertiesOf, synth } from './support/synth.js';

// Prepare
const { stack, template } = synth({ env: 'prod' });

describe('Processor', () => {
  const mappingOf = (queue: typeof stack.eventQueue.queue): unknown =>
    expect.objectContaining({
      Properties: expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
        FunctionName: { Ref: logicalId(stack.functions.processor!) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }) as unknown,
    });

  test('its event sources (both lanes) report batch item failures, so one bad record does not redeliver the batch', () => {
    // Act
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');

    // Assess
    expect(Object.values(mappings)).toEqual([mappingOf(stack.eventQueue.queue), mappingOf(stack.eventQueue.overflowQueue)]);
  });

  test("its concurrency is capped by the environment config (the Clio rate budget), the overflow lane's far lower", () => {
    // Act
    const [main, overflow] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

    // Assess
    expect(main?.Properties).toMatchObject({ ScalingConfig: { MaximumConcurrency: 10 }, BatchSize: 10 });
    expect(overflow?.Properties).toMatchObject({ ScalingConfig: { MaximumConcurrency: 2 }, BatchSize: 10 });
  });

  test('its timeout and memory come from the environment config', () => {
    // Act
    const properties = propertiesOf(template, logicalId(stack.functions.processor!));

    // Assess
    expect(properties).toMatchObject({ Timeout: 30, MemorySize: 1024 });
  });

  test('it refuses a queue whose visibility timeout is under six times its own timeout', () => {
    // Prepare
    const scope = new Stack(new App(), 'Guard');
    const eventQueue = new EventQueue(scope, 'Queue', {
      consumerTimeout: Duration.seconds(30),
      maxAttempts: 5,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Act
    const build = () =>
      new Processor(scope, 'Processor', {
        function: {
          entry: CORE_ENTRIES.processor,
          projectRoot: PROJECT_ROOT,
          serviceName: 'guard',
          environment: {},
          logLevel: 'INFO',
          metricsNamespace: 'Guard',
          logRetention: RetentionDays.ONE_DAY,
          removalPolicy: RemovalPolicy.DESTROY,
        },
        eventQueue,
        timeout: Duration.seconds(31),
        maxConcurrency: 2,
      });

    // Assess
    expect(build).toThrow(/under 6 x the processor timeout/);
  });
});
