import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { listDeadLetters, redriveDeadLetters, surveyDeadLetters, type DeadLetterDeps } from '../../cli/dead-letters.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { anEvent } from '../support/events.js';
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

  it('moves every letter of a message group, though FIFO shows one group a message at a time, and a letter that comes straight back only once', async () => {
    // Prepare: three events of one caller (one message group) and a message no processor can read, in the DLQ
    const callSids = [sid('CA'), sid('CA'), sid('CA')];
    const events = callSids.map((callSid) => anEvent({ providerEventId: `call:${callSid}`, providerResourceId: callSid, external: { raw: '+15035550142' } }));
    const letter = (body: string, group: string, id: string) =>
      stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.dlqUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: id }));
    for (const [i, event] of events.entries()) await letter(JSON.stringify(event), 'demo#+15035550142', callSids[i] ?? '');
    await letter('{"not":"an event"}', 'dead-letters', sid('SM'));
    // Act
    const survey = await surveyDeadLetters(deps);
    const moved = await redriveDeadLetters(deps);
    const outcomes = await Promise.all(callSids.map((callSid) => waitForOutcome(stack, 'demo', `twilio:call:${callSid}`, QUEUED_WORK_TIMEOUT_MS)));
    const after = await pollUntil(
      () => listDeadLetters(deps),
      (listed) => listed.length > 0,
    );
    // Assess: what list could not show it counted; the redrive moved all four, the unreadable one once
    expect(survey.letters.length + survey.behind).toBe(4);
    expect(moved.map((l) => l.eventId ?? 'unreadable').sort()).toEqual([...callSids.map((callSid) => `twilio:call:${callSid}`), 'unreadable'].sort());
    expect(outcomes.map((o) => o.status)).toEqual(['logged', 'logged', 'logged']);
    expect(after).toEqual([expect.objectContaining({ reason: 'not a canonical event (malformed message)' })]);
  }, 90_000);
});
