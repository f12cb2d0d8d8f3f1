import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { admin } from '../support/admin.js';
import { postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

describe('the Clio budget', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    // 10 requests per 2 s window: a burst of calls spends several windows.
    stack = await startTestStack({ clioSim: { rateLimit: { limit: 10, windowMs: 2000 } }, phoneIndexSyncEveryMs: 0 });
    await admin(stack, 'PATCH', '/v1/tenants/demo/settings', 'demo-admin-key', { matterAssociation: false });
    await admin(stack, 'POST', '/v1/tenants/demo/clio/sync', 'demo-admin-key');
  });
  afterAll(() => stack.stop());

  it('paces a burst from the rate-limit headers: every call logged once, no request refused', async () => {
    // Prepare: twelve calls from three numbers Clio knows (two writes each)
    const numbers = ['+14155550100', '+14375551234', '+14155550100'];
    const sids = Array.from({ length: 12 }, () => sid('CA'));
    // Act
    await Promise.all(sids.map((callSid, i) => postTwilio(stack, twilioCallParams({ CallSid: callSid, From: numbers[i % 3] ?? '' }))));
    const outcomes = await Promise.all(sids.map((callSid) => waitForOutcome(stack, 'demo', `twilio:call:${callSid}`, 30_000)));
    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(sids.map(() => 'logged'));
    const state = simState(stack);
    expect(state.requests.filter((r) => r.status === 429)).toEqual([]);
    for (const outcome of outcomes) {
      expect(state.communications.filter((c) => c.external_properties.some((p) => p.value === outcome.eventId))).toHaveLength(1);
    }
  });
});
