import { listDeadLetters, redriveDeadLetters, type DeadLetterDeps } from '../../cli/dead-letters.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { communicationsFor, postTwilio, sid, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { pollUntil, QUEUED_WORK_TIMEOUT_MS } from '../support/waits.js';

describe('the dead-letter queue, for operators', () => {
  let stack: LocalStack;
  let deps: DeadLetterDeps;

  beforeAll(async () => {
    stack = await startTestStack({ maxReceiveCount: 2, retry: { baseSeconds: 1, capSeconds: 1 } });
    deps = { sqs: stack.sqs, queueUrl: stack.queueUrl, deadLetterQueueUrl: stack.dlqUrl, outcomes: stack.adapters.outcomes };
  });
  afterAll(() => stack.stop());

  const fault = (body: unknown) =>
    fetch(`${stack.clioUrl}/__sim/faults`, {
      method: body ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('receives an event Clio kept refusing, says why, and logs it once redriven', async () => {
    // Prepare: Clio answers 503 to every Communication until the fault is lifted
    await fault({ method: 'POST', path: '/api/v4/communications.json', status: 503, times: 100 });
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid }));
    const eventId = `twilio:call:${callSid}`;
    const letters = await pollUntil(
      () => listDeadLetters(deps),
      (listed) => listed.length > 0,
    );
    // Act
    const listedAgain = await listDeadLetters(deps);
    await fault(undefined);
    const moved = await redriveDeadLetters(deps);
    const outcome = await waitForOutcome(stack, 'demo', eventId, QUEUED_WORK_TIMEOUT_MS);
    // Assess
    expect(letters).toEqual([expect.objectContaining({ tenantId: 'demo', eventId, kind: 'call', reason: expect.stringContaining('503') as string })]);
    expect(listedAgain).toHaveLength(1);
    expect(moved.map((l) => l.eventId)).toEqual([eventId]);
    expect(outcome.status).toBe('logged');
    expect(communicationsFor(stack, eventId)).toHaveLength(1);
    expect(await listDeadLetters(deps)).toEqual([]);
    expect(await stack.adapters.outcomes.get('demo', eventId)).toMatchObject({ status: 'logged' });
  }, 90_000);
});
