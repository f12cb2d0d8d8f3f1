import { Match } from 'aws-cdk-lib/assertions';
import { dashboardOf } from './support/metrics.js';
import { logicalId, propertiesOf, synth } from './support/synth.js';

// Prepare
const prod = synth({ env: 'prod' });
const { stack, template } = prod;
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const alarm = (name: string) => {
  const found = Object.values(alarms).find((resource) => (resource.Properties as { AlarmName: string }).AlarmName === `CallConnector-prod-${name}`);
  if (found === undefined) throw new Error(`No alarm ${name}`);
  return found.Properties as Record<string, unknown>;
};
const topic = { Ref: logicalId(stack.monitoring.topic) };

describe('Monitoring alarms', () => {
  test('any visible message in the DLQ alarms within a minute', () => {
    // Act
    const properties = alarm('DlqNotEmpty');

    // Assess
    expect(properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.eventQueue.deadLetterQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
    });
  });

  test('an old oldest message alarms at the configured age', () => {
    // Act
    const properties = alarm('QueueStale');

    // Assess
    expect(properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.eventQueue.queue), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 600,
    });
  });

  test('failed outcomes above 5 % of all outcomes over 15 minutes alarm, from one metric with a fixed status dimension', () => {
    // Act
    const properties = alarm('FailedOutcomeRate');

    // Assess
    expect(properties).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 5, EvaluationPeriods: 1 });
    const metrics = properties.Metrics as {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: string }[] }; Period: number; Stat: string };
    }[];
    const byId = Object.fromEntries(metrics.map((metric) => [metric.Id, metric]));
    expect(metrics.filter((metric) => metric.ReturnData !== false).map((metric) => metric.Expression)).toEqual([
      'IF(total > 0, 100 * FILL(failed, 0) / total, 0)',
    ]);
    expect(byId.total?.Expression).toBe('FILL(logged, 0) + FILL(skipped, 0) + FILL(failed, 0) + FILL(parked, 0)');
    for (const status of ['logged', 'skipped', 'failed', 'parked']) {
      expect(byId[status]?.MetricStat).toEqual({
        Metric: {
          Namespace: 'CallConnector',
          MetricName: 'EventOutcome',
          Dimensions: [
            { Name: 'service', Value: 'call-connector-processor' },
            { Name: 'status', Value: status },
          ],
        },
        Period: 900,
        Stat: 'Sum',
      });
    }
  });

  test('each environment overrides only the thresholds that differ from the one set of defaults', () => {
    // Act
    const dev = synth({ env: 'dev' }).template.findResources('AWS::CloudWatch::Alarm');
    const devAlarm = (name: string): unknown =>
      Object.values(dev).find((resource) => (resource.Properties as { AlarmName: string }).AlarmName === `CallConnector-dev-${name}`)?.Properties;

    // Assess
    expect(devAlarm('FailedOutcomeRate')).toMatchObject({ Threshold: 20 });
    expect(devAlarm('QueueStale')).toMatchObject({ Threshold: 1800 });
    expect(alarm('Clio401Storm')).toMatchObject({ Threshold: 10 });
  });

  test.each(['Ingest', 'Processor', 'Admin', 'PhoneIndexSync', 'ClioHookRenewal'])('%s alarms on its error rate', (name) => {
    // Act
    const properties = alarm(`${name}ErrorRate`);

    // Assess
    expect(properties).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 2 });
    const metrics = properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[];
    expect(metrics.map(({ Id, Expression, MetricStat }) => [Id, Expression ?? MetricStat?.Metric.MetricName])).toEqual([
      ['expr_1', 'IF(invocations > 0, 100 * errors / invocations, 0)'],
      ['errors', 'Errors'],
      ['invocations', 'Invocations'],
    ]);
  });

  test.each(['Ingest', 'Processor', 'Admin', 'PhoneIndexSync', 'ClioHookRenewal'])('%s alarms on any throttle', (name) => {
    // Act
    const properties = alarm(`${name}Throttles`);

    // Assess
    expect(properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 });
  });

  test('API 5xx responses alarm at the configured count', () => {
    // Act
    const properties = alarm('Api5xx');

    // Assess
    expect(properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.api.api) } }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  test('a storm of Clio 401s alarms, across every function that calls Clio', () => {
    // Act
    const properties = alarm('Clio401Storm');

    // Assess
    expect(properties).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 10 });
    expect(properties.Metrics).toEqual([
      expect.objectContaining({ Expression: "SELECT SUM(ClioRequest) FROM CallConnector WHERE status = '401'", Period: 300, ReturnData: true }),
    ]);
  });

  test('every alarm notifies the alarm topic when it fires and when it recovers', () => {
    // Act
    const actions = Object.values(alarms).map((resource) => {
      const { AlarmActions, OKActions } = resource.Properties as { AlarmActions: unknown; OKActions: unknown };
      return { AlarmActions, OKActions };
    });

    // Assess
    expect(actions).toHaveLength(15);
    for (const action of actions) expect(action).toEqual({ AlarmActions: [topic], OKActions: [topic] });
  });

  test('missing data never fires an alarm (no traffic is not an incident)', () => {
    // Act
    const treatments = new Set(Object.values(alarms).map((resource) => (resource.Properties as { TreatMissingData: string }).TreatMissingData));

    // Assess
    expect(treatments).toEqual(new Set(['notBreaching']));
  });
});

describe('Monitoring topic', () => {
  test('is encrypted with a rotating key that CloudWatch may use to publish', () => {
    // Act
    const properties = propertiesOf(template, logicalId(stack.monitoring.topic));
    const keyId = (properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    // Assess
    expect(propertiesOf(template, keyId)).toMatchObject({
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: expect.arrayContaining([
          expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
        ]) as unknown,
      },
    });
  });

  test('refuses publishing without TLS', () => {
    // Act / Assess
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('sends to the e-mail address of the environment config', () => {
    // Act / Assess
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'call-connector-alarms@example.com', TopicArn: topic });
  });

  test('has no subscription when the config names no e-mail address', () => {
    // Act
    const dev = synth({ env: 'dev' });

    // Assess
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('Monitoring dashboard', () => {
  test('opens with the state of every alarm', () => {
    // Act
    const [first] = dashboardOf(prod).widgets;

    // Assess
    expect(first?.type).toBe('alarm');
    expect(first?.properties.alarms).toHaveLength(Object.keys(alarms).length);
  });

  test("graphs queue depth and age, the DLQ, and every function's errors, throttles and duration", () => {
    // Act
    const titles = dashboardOf(prod).widgets.map((widget) => widget.properties.title);

    // Assess
    expect(titles).toEqual(
      expect.arrayContaining(['Queue depth', 'Oldest message age (s)', 'Dead-letter queue depth', 'Errors', 'Throttles', 'Duration p99 (ms)']),
    );
  });

  test('shows throttled requests by route, from the access log', () => {
    // Act
    const widget = dashboardOf(prod).widgets.find((w) => w.properties.title === 'Throttled (429) by route');

    // Assess
    expect(widget?.type).toBe('log');
    expect(String(widget?.properties.query)).toMatch(/filter status = "429"[\s\S]*stats count\(\*\) as throttled by routeKey/);
  });
});
