import { EnvName } from '../../shared/config/env.js';
import { METRICS_NAMESPACE } from '../../shared/observability/metric-names.js';
import { logicalId, propertiesOf, synth, type Json } from './support/synth.js';

// Prepare
const synthesised = synth();
const { stack, template } = synthesised;
const functions = Object.entries(stack.functions);
const variablesOf = (id: string, from = template) => (propertiesOf(from, id).Environment as { Variables: Record<string, Json> }).Variables;

describe('every function', () => {
  test.each(functions.map(([role, fn]) => [role, logicalId(fn)]))('%s runs Node.js 24 on arm64 with active tracing', (_role, id) => {
    // Act
    const properties = propertiesOf(template, id);

    // Assess
    expect(properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
  });

  test.each(functions.map(([role, fn]) => [role, logicalId(fn), logicalId(fn.logGroup)]))(
    '%s logs to its own log group with the configured retention',
    (_role, id, logGroupId) => {
      // Act
      const properties = propertiesOf(template, id);

      // Assess
      expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
      expect(propertiesOf(template, logGroupId)).toMatchObject({ RetentionInDays: 7 });
    },
  );

  test.each(functions.map(([role, fn]) => [role, logicalId(fn)]))('%s gets every variable the handlers read', (role, id) => {
    // Act
    const variables = variablesOf(id);

    // Assess
    const optional: string[] = [EnvName.ClioBaseUrl, EnvName.MediaAllowedHosts, EnvName.TenantFairShare];
    // The processor's alone: it moves an event that has had its attempts to the dead-letter queue.
    const processorOnly: string[] = [EnvName.DeadLetterQueueUrl, EnvName.MaxAttempts];
    const required = Object.values(EnvName).filter((name) => !optional.includes(name) && (role === 'processor' || !processorOnly.includes(name)));
    expect(Object.keys(variables)).toEqual(expect.arrayContaining([...required, 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL']));
    if (role !== 'processor') expect(variables).not.toHaveProperty(EnvName.DeadLetterQueueUrl);
    expect(variables).toMatchObject({
      [EnvName.TenantsTable]: { Ref: logicalId(stack.data.tables.tenants) },
      [EnvName.OutcomesTable]: { Ref: logicalId(stack.data.tables.outcomes) },
      [EnvName.IdempotencyTable]: { Ref: logicalId(stack.data.tables.idempotency) },
      [EnvName.CallStateTable]: { Ref: logicalId(stack.data.tables.callState) },
      [EnvName.PhoneIndexTable]: { Ref: logicalId(stack.data.tables.phoneIndex) },
      [EnvName.EventQueueUrl]: { Ref: logicalId(stack.eventQueue.queue) },
      [EnvName.OverflowQueueUrl]: { Ref: logicalId(stack.eventQueue.overflowQueue) },
      [EnvName.SecretsPrefix]: 'call-connector/dev',
      [EnvName.PublicBaseUrl]: { 'Fn::GetAtt': [logicalId(stack.api.api), 'ApiEndpoint'] },
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  test('each function names its own Powertools service, so logs and the service dimension tell them apart', () => {
    // Act
    const services = functions.map(([, fn]) => variablesOf(logicalId(fn)).POWERTOOLS_SERVICE_NAME);

    // Assess
    expect(services).toEqual([
      'call-connector-ingest',
      'call-connector-processor',
      'call-connector-admin',
      'call-connector-phone-index-sync',
      'call-connector-clio-hook-renewal',
    ]);
  });

  test('CLIO_BASE_URL is set only when the environment config names a Clio host', () => {
    // Prepare
    const withHost = synth({ config: { clioBaseUrl: 'https://sandbox.clio.example' } });

    // Act
    const without = variablesOf(logicalId(stack.functions.processor!));
    const withIt = variablesOf(logicalId(withHost.stack.functions.processor!), withHost.template);

    // Assess
    expect(without).not.toHaveProperty(EnvName.ClioBaseUrl);
    expect(withIt).toHaveProperty(EnvName.ClioBaseUrl, 'https://sandbox.clio.example');
  });

  test("outcomes are kept for the environment's retention, 180 days unless it says otherwise", () => {
    // Prepare
    const shorter = synth({ config: { outcomeRetentionDays: 30 } });

    // Act
    const byDefault = variablesOf(logicalId(stack.functions.processor!));
    const configured = variablesOf(logicalId(shorter.stack.functions.processor!), shorter.template);

    // Assess
    expect(byDefault).toHaveProperty(EnvName.OutcomeRetentionDays, '180');
    expect(configured).toHaveProperty(EnvName.OutcomeRetentionDays, '30');
  });
});
