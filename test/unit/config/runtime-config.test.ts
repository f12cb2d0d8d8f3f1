import { EnvName } from '../../../shared/config/env.js';
import { runtimeConfigFromEnv } from '../../../shared/config/wiring.js';

const REQUIRED = {
  [EnvName.TenantsTable]: 'tenants',
  [EnvName.OutcomesTable]: 'outcomes',
  [EnvName.IdempotencyTable]: 'idempotency',
  [EnvName.CallStateTable]: 'call-state',
  [EnvName.PhoneIndexTable]: 'phone-index',
  [EnvName.EventQueueUrl]: 'https://sqs.example/q.fifo',
  [EnvName.SecretsPrefix]: 'call-connector/test',
  [EnvName.PublicBaseUrl]: 'https://calls.example',
};

describe('the runtime configuration read from the environment', () => {
  it('keeps outcomes for the configured days, or leaves the default', () => {
    expect(runtimeConfigFromEnv({ ...REQUIRED, [EnvName.OutcomeRetentionDays]: '30' }).outcomeRetentionDays).toBe(30);
    expect(runtimeConfigFromEnv(REQUIRED).outcomeRetentionDays).toBeUndefined();
  });

  it.each(['0', '3651', '7.5', 'forever'])('refuses %s days of retention at start, naming the variable', (days) => {
    expect(() => runtimeConfigFromEnv({ ...REQUIRED, [EnvName.OutcomeRetentionDays]: days })).toThrow(EnvName.OutcomeRetentionDays);
  });

  it('gives the processor its dead-letter queue and the attempts an event has, or leaves the default', () => {
    const config = runtimeConfigFromEnv({ ...REQUIRED, [EnvName.DeadLetterQueueUrl]: 'https://sqs.example/dlq.fifo', [EnvName.MaxAttempts]: '7' });
    expect(config).toMatchObject({ deadLetterQueueUrl: 'https://sqs.example/dlq.fifo', maxAttempts: 7 });
    expect(runtimeConfigFromEnv(REQUIRED).maxAttempts).toBeUndefined();
  });

  it.each(['0', '101', '2.5', 'many'])('refuses %s attempts at start, naming the variable', (attempts) => {
    expect(() => runtimeConfigFromEnv({ ...REQUIRED, [EnvName.MaxAttempts]: attempts })).toThrow(EnvName.MaxAttempts);
  });
});
