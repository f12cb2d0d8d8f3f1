import type { LocalStack } from '../../local/stack.js';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import { twilioCallParams, twilioDialParams } from '../../local/twilio-example.js';
import { admin } from '../support/admin.js';
import { sid, startTestStack, waitForOutcome } from '../support/local-stack.js';

describe('user-mapping keys are data, never object internals', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it('refuses keys named like object internals with a 400, and maps a softphone named so by own keys alone', async () => {
    // Prepare: mappings whose keys are prototype members, and a softphone identity named "constructor"
    const body = '{"__proto__":345,"constructor":345,"toString":345,"hasOwnProperty":345}';
    const put = await fetch(`${stack.url}/v1/tenants/demo/user-mappings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.demo.adminKey}`, 'content-type': 'application/json' },
      body,
    });
    const callSid = sid('CA');
    const url = `${stack.url}/v1/tenants/demo/webhooks/twilio`;
    const call = { CallSid: callSid, From: 'client:valueOf', To: '+14155550100' };
    // Act
    const answers = [
      await deliver(sign('twilio', stack.demo.twilioAuthToken, { url, body: twilioForm(twilioDialParams(call)) })),
      await deliver(sign('twilio', stack.demo.twilioAuthToken, { url, body: twilioForm(twilioCallParams(call)) })),
    ];
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    const settings = await admin(stack, 'GET', '/v1/tenants/demo/settings', stack.demo.adminKey);
    // Assess
    expect(put.status).toBe(400);
    expect(await put.json()).toMatchObject({ error: { code: 'invalid_user_mappings' } });
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // "valueOf" is mapped by nobody: the connected user, found by an own-key lookup only
    expect(outcome).toMatchObject({ status: 'logged', clio: { userId: 345 } });
    expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'user', decision: 'connected_user' }));
    expect(settings.status).toBe(200);
    expect(Object.getPrototypeOf((settings.body as { userMappings: object }).userMappings)).toBe(Object.prototype);
  });
});
