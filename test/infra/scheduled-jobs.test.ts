import { CORE_ENTRIES, logicalId, synth } from './support/synth.js';

// Prepare
const full = synth({ env: 'prod' });
const core = synth({ entries: CORE_ENTRIES });

describe('scheduled jobs', () => {
  test('no job function or schedule exists until its handler does', () => {
    // Act
    const rules = core.template.findResources('AWS::Events::Rule');

    // Assess
    expect(Object.keys(rules)).toEqual([]);
    expect(Object.keys(core.stack.functions)).toEqual(['ingest', 'processor']);
  });

  test.each([
    ['phoneIndexSync', 'rate(1 hour)'],
    ['clioHookRenewal', 'rate(6 hours)'],
  ] as const)('%s runs on the configured rate, retried twice within the hour', (role, expression) => {
    // Act
    const target = { Arn: { 'Fn::GetAtt': [logicalId(full.stack.functions[role]!), 'Arn'] } };

    // Assess
    full.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: expression,
      State: 'ENABLED',
      Targets: [{ ...target, Id: 'Target0', RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } }],
    });
  });

  test.each(['phoneIndexSync', 'clioHookRenewal'] as const)('%s may be invoked by EventBridge and nothing else', (role) => {
    // Act
    const permissions = Object.values(full.template.findResources('AWS::Lambda::Permission'))
      .map((permission) => permission.Properties as { FunctionName: unknown; Principal: string })
      .filter((permission) => JSON.stringify(permission.FunctionName).includes(logicalId(full.stack.functions[role]!)));

    // Assess
    expect(permissions.map((permission) => permission.Principal)).toEqual(['events.amazonaws.com']);
  });
});
