import { EnvName } from '../../../shared/config/env.js';
import { runtimeConfigFromEnv } from '../../../shared/config/wiring.js';

const REQUIRED = {
  [EnvName.TenantsTable]: 'tenants', [EnvName.OutcomesTable]: 'outcomes', [EnvName.IdempotencyTable]: 'idempotency',
  [EnvName.CallStateTable]: 'call-state', [EnvName.PhoneIndexTable]: 'phone-index', [EnvName.EventQueueUrl]: 'https://sqs.example/q.fifo',
  [EnvName.SecretsPrefix]: 'call-connector/test', [EnvName.PublicBaseUrl]: 'https://calls.example',
};

describe('the runtime configuration read from the environment', () => {
  it('keeps outcomes for the configured days, or leaves the default', () => {
    expect(runtimeConfigFromEnv({ ...REQUIRED, [EnvName.OutcomeRetentionDays]: '30' }).outcomeRetentionDays).toBe(30);
    expect(runtimeConfigFromEnv(REQUIRED).outcomeRetentionDays).toBeUndefined();
  });

  it.each(['0', '3651', '7.5', 'forever'])('refuses %s days of retention at start, naming the variable', (days) => {
    expect(() => runtimeConfigFromEnv({ ...REQUIRED, [EnvName.OutcomeRetentionDays]: days })).toThrow(EnvName.OutcomeRetentionDays);
  });
});
