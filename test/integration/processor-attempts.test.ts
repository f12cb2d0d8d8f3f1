import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listDeadLetters, type DeadLetterDeps } from '../../cli/dead-letters.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams, twilioDialParams } from '../../local/twilio-example.js';
import { createDynamoClioBudget } from '../../shared/adapters/dynamodb/clio-budget.adapter.js';
import { anEvent } from '../support/events.js';
import { sleep } from '../support/waits.js';
import { communicationsFor, emulatorDocuments, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

const MAX_ATTEMPTS = 2;
/** Receives a late recording waits for its call without counting: half the queue's own redrive (10 × MAX_ATTEMPTS). */
const WAIT_RECEIVES = 10;

describe("an event's attempts, counted by the processor", () => {
  let stack: LocalStack;
  let deps: DeadLetterDeps;
  let documents: DynamoDBDocumentClient;
  let deliveries = 0;

  beforeAll(async () => {
    // A firm's Clio budget stops a delivery before Clio is asked anything once its pause is longer than 100 ms.
    stack = await startTestStack({
      maxReceiveCount: MAX_ATTEMPTS,
      clioMaxWaitMs: 100,
      retry: { baseSeconds: 1, capSeconds: 1 },
      phoneIndexSyncEveryMs: 0,
      onProcessorInvocation: (records) => {
        deliveries += records;
      },
    });
    deps = { sqs: stack.sqs, queueUrl: stack.queueUrl, deadLetterQueueUrl: stack.dlqUrl, outcomes: stack.adapters.outcomes };
    documents = emulatorDocuments(stack);
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    deliveries = 0;
  });

  /** What the outcome table counts for the event: its attempts, and those of the message now carrying it. */
  const countsOf = async (eventId: string) => {
    const { Item } = await documents.send(new GetCommand({ TableName: stack.config.outcomesTable, Key: { tenantId: 'demo', eventId: `#retry#${eventId}` } }));
    return { attempts: Item?.attempts as number | undefined, ofMessage: Item?.messageAttempts as number | undefined };
  };
  /** A Twilio recording of call `callSid` as the ingest queues it, in the overflow lane while its call took the main one. */
  const lateRecording = async (callSid: string, from = '+14155550100') => {
    const recordingSid = sid('RE');
    const recording = anEvent({
      external: { raw: from, e164: from },
      providerEventId: `recording:${recordingSid}`,
      providerResourceId: callSid,
      amends: `call:${callSid}`,
      occurredAt: new Date().toISOString(),
      recording: { url: `https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/${recordingSid}`, durationSeconds: 119 },
      correlationId: `late-${recordingSid}`,
    });
    await stack.adapters.queue.enqueue(recording, { lane: 'overflow' });
    return { eventId: `twilio:${recording.providerEventId}`, url: recording.recording?.url ?? '' };
  };
  const fault = (body: unknown) =>
    fetch(`${stack.clioUrl}/__sim/faults`, {
      method: body ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('hands back the calls of a firm whose Clio budget is spent without counting them, then logs each once, without looking for earlier writes', async () => {
    // Prepare: the firm's budget stays spent (a pause kept 2.5 s ahead, so a stalled test process does not let it
    // lapse) until its calls came back more often than they have attempts: each comes back every 3 s or so
    const budget = createDynamoClioBudget({ client: documents, tableName: stack.config.tenantsTable });
    const spend = () => budget.pause('demo', Date.now() / 1000 + 2.5);
    await spend();
    const keepSpent = setInterval(() => void spend(), 100);
    const sids = [sid('CA'), sid('CA')];
    const requestsBefore = simState(stack).requests.length;
    // Act
    try {
      await Promise.all(sids.map((callSid, i) => postTwilio(stack, twilioCallParams({ CallSid: callSid, From: ['+14155550100', '+14375551234'][i] ?? '' }))));
      for (let i = 0; i < 600 && deliveries <= sids.length * (MAX_ATTEMPTS + 2); i++) await sleep(100);
    } finally {
      clearInterval(keepSpent);
    }
    const handedBack = deliveries;
    const outcomes = await Promise.all(sids.map((callSid) => waitForOutcome(stack, 'demo', `twilio:call:${callSid}`, 20_000)));
    // Assess
    expect(handedBack).toBeGreaterThan(sids.length * (MAX_ATTEMPTS + 2));
    expect(outcomes.map((o) => o.status)).toEqual(['logged', 'logged']);
    for (const outcome of outcomes) {
      expect(communicationsFor(stack, outcome.eventId)).toHaveLength(1);
      expect(await countsOf(outcome.eventId)).toEqual({ attempts: 1, ofMessage: 1 });
      expect(await stack.adapters.outcomes.lastRetry('demo', outcome.eventId)).toBeUndefined();
    }
    // No read for what an earlier attempt may have written: none began.
    const lookups = simState(stack)
      .requests.slice(requestsBefore)
      .filter((r) => r.method === 'GET' && /\/(communications|activities)\.json$/.test(r.path));
    expect(lookups).toEqual([]);
    expect(await listDeadLetters(deps)).toEqual([]);
  }, 120_000);

  it('logs once, and never dead-letters, a call whose Clio requests drew a 429 more often than its message has attempts', async () => {
    // Prepare: the firm's budget runs out after the call began, on its Communication, one time more than it has attempts
    await fault({ method: 'POST', path: '/api/v4/communications.json', status: 429, times: MAX_ATTEMPTS + 1, retryAfterSeconds: 1 });
    const callSid = sid('CA');
    // Act
    try {
      await postTwilio(stack, twilioCallParams({ CallSid: callSid }));
      const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`, 30_000);
      // Assess: every cut-short attempt counted in the event's total (each looked first), none spent its message's
      expect(outcome.status).toBe('logged');
      expect(communicationsFor(stack, outcome.eventId)).toHaveLength(1);
      expect(await countsOf(outcome.eventId)).toEqual({ attempts: MAX_ATTEMPTS + 2, ofMessage: 1 });
      expect(await listDeadLetters(deps)).toEqual([]);
    } finally {
      await fault(undefined);
    }
  });

  it('moves an event Clio keeps refusing to the dead-letter queue after its attempts, with them noted', async () => {
    // Prepare: Clio answers 503 to every Communication
    await fault({ method: 'POST', path: '/api/v4/communications.json', status: 503, times: 100 });
    const callSid = sid('CA');
    const eventId = `twilio:call:${callSid}`;
    // Act
    try {
      await postTwilio(stack, twilioCallParams({ CallSid: callSid }));
      let letters = await listDeadLetters(deps);
      for (let i = 0; i < 200 && letters.length === 0; i++) {
        await sleep(100);
        letters = await listDeadLetters(deps);
      }
      // Assess
      expect(letters).toEqual([expect.objectContaining({ eventId, reason: expect.stringMatching(/503.*\(attempt 2, /) as string })]);
    } finally {
      await fault(undefined);
    }
    expect(await countsOf(eventId)).toEqual({ attempts: MAX_ATTEMPTS, ofMessage: MAX_ATTEMPTS });
    expect(await stack.adapters.outcomes.lastRetry('demo', eventId)).toMatchObject({ attempt: MAX_ATTEMPTS, error: expect.stringContaining('503') as string });
    // The processor moved it (the queue's own redrive waits for ten receives per attempt): a hold to settle and its attempts.
    expect(deliveries).toBeLessThanOrEqual(MAX_ATTEMPTS + 1);
    expect(communicationsFor(stack, eventId)).toEqual([]);
  });

  it('moves a message that is not an event to the dead-letter queue at once', async () => {
    // Prepare
    const body = 'not an event';
    // Act
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: body, MessageGroupId: 'junk', MessageDeduplicationId: `junk-${Date.now()}` }),
    );
    let letters = await listDeadLetters(deps);
    for (let i = 0; i < 100 && !letters.some((l) => l.eventId === undefined); i++) {
      await sleep(100);
      letters = await listDeadLetters(deps);
    }
    // Assess
    expect(letters.filter((l) => l.eventId === undefined)).toEqual([expect.objectContaining({ reason: 'not a canonical event (malformed message)' })]);
    expect(deliveries).toBe(1);
  });

  it('hands back a late recording whose call has no outcome yet more often than it has attempts, without counting, then adds it to the logged call', async () => {
    // Prepare: the call's recording is queued in the other lane before the call is logged
    const callSid = sid('CA');
    const recording = await lateRecording(callSid);
    for (let i = 0; i < 300 && deliveries <= MAX_ATTEMPTS + 1; i++) await sleep(100);
    const waited = { deliveries, counts: await countsOf(recording.eventId), letters: await listDeadLetters(deps) };
    // Act: the call is logged (a Dial result is logged at once)
    await postTwilio(stack, twilioDialParams({ CallSid: callSid }));
    const call = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`, 30_000);
    const amended = await waitForOutcome(stack, 'demo', recording.eventId, 30_000);
    // Assess
    expect(waited.deliveries).toBeGreaterThan(MAX_ATTEMPTS + 1);
    expect(waited.counts).toEqual({ attempts: undefined, ofMessage: undefined });
    expect(waited.letters.filter((l) => l.eventId === recording.eventId)).toEqual([]);
    expect(call.status).toBe('logged');
    expect(amended).toMatchObject({ status: 'logged', clio: { communicationId: call.clio.communicationId } });
    expect(amended.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'updated' }));
    const [communication, ...others] = communicationsFor(stack, call.eventId);
    expect(others).toEqual([]);
    expect(communication?.body).toContain(`Recording: ${recording.url}`);
    expect(await countsOf(recording.eventId)).toEqual({ attempts: 1, ofMessage: 1 });
    expect((await listDeadLetters(deps)).filter((l) => l.eventId === recording.eventId)).toEqual([]);
  }, 120_000);

  it('moves a late recording whose call is never logged to the dead-letter queue after its wait and then its attempts, with them noted', async () => {
    // Prepare: a number of its own, so that its letter is not behind this file's others in a FIFO message group
    const recording = await lateRecording(sid('CA'), '+14375551234');
    // Act
    let letters: Awaited<ReturnType<typeof listDeadLetters>> = [];
    for (let i = 0; i < 600 && letters.length === 0; i++) {
      await sleep(100);
      letters = (await listDeadLetters(deps)).filter((l) => l.eventId === recording.eventId);
    }
    // Assess: its first receives waited without counting, well before the queue's own redrive; the next ones counted
    expect(letters).toEqual([expect.objectContaining({ reason: expect.stringMatching(/has no outcome yet.*\(attempt 2, /) as string })]);
    expect(await countsOf(recording.eventId)).toEqual({ attempts: MAX_ATTEMPTS, ofMessage: MAX_ATTEMPTS });
    expect(deliveries).toBe(WAIT_RECEIVES + MAX_ATTEMPTS);
  }, 120_000);
});
