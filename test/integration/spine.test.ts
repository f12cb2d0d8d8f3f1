import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { twilioCallParams } from '../../local/twilio-example.js';
import type { LocalStack } from '../../local/stack.js';
import { addTenant, communicationsFor, expectNoOutcome, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

describe('a Twilio callback on the local stack ends in Clio', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await addTenant(stack, 'exclusive', { exclusiveContactAssociation: true, contactCreation: false });
    await stack.adapters.tenants.put({ id: 'unconnected', name: 'Not yet connected', clioRegion: 'US', settings: {} });
    await stack.adapters.secrets.putProviderSecret('unconnected', 'twilio', 'unconnected-token');
  });
  afterAll(() => stack.stop());

  it('matches the contact stored as (415) 555-0100 from +14155550100 and logs the call on it', async () => {
    // Prepare
    const callSid = sid('CA');
    // Act
    const response = await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: '+14155550100', CallDuration: '65' }));
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(await response.text()).toBe('<Response/>');
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 1001, userId: 345, matterId: 902 } });
    const [communication, ...others] = communicationsFor(stack, outcome.eventId);
    expect(others).toHaveLength(0);
    expect(communication).toMatchObject({
      id: outcome.clio.communicationId,
      type: 'PhoneCommunication',
      subject: 'Inbound call from Jane Smith (+1 415-555-0100)',
      senders: [{ id: 1001, type: 'Contact' }],
      receivers: [{ id: 345, type: 'User' }],
      matter: { id: 902 },
    });
    expect(communication?.body).toContain('Duration: 0:01:05');
  });

  it('creates a contact for an unknown caller when contact creation is on', async () => {
    // Prepare
    const callSid = sid('CA');
    // Act
    await postTwilio(
      stack,
      twilioCallParams({ CallSid: callSid, From: '+13125550147', CallStatus: 'no-answer', CallDuration: '0', CallerName: 'MARIA GARCIA' }),
    );
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    // Assess
    expect(outcome.status).toBe('logged');
    const created = simState(stack).contacts.find((c) => c.id === outcome.clio.createdContactId);
    expect(created).toMatchObject({
      type: 'Person',
      first_name: 'Maria',
      last_name: 'Garcia',
      phone_numbers: [{ number: '+13125550147', name: 'Work', default_number: true }],
    });
    expect(communicationsFor(stack, outcome.eventId)[0]?.subject).toBe('Missed call from Maria Garcia (+1 312-555-0147)');
  });

  it('skips an unknown caller with no_contact_exclusive when exclusive association is on and creation off', async () => {
    // Prepare
    const callSid = sid('CA');
    const before = simState(stack);
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: '+16465550123' }), { tenantId: 'exclusive', authToken: 'exclusive-token' });
    const outcome = await waitForOutcome(stack, 'exclusive', `twilio:call:${callSid}`);
    // Assess
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'no_contact_exclusive' });
    expect(outcome.trace.map((t) => t.step)).toEqual(['assembly', 'kind_gate', 'number', 'contact_match', 'contact_creation', 'exclusive_gate']);
    const after = simState(stack);
    expect(after.communications).toHaveLength(before.communications.length);
    expect(after.contacts).toHaveLength(before.contacts.length);
  });

  it('answers 401 to a bad signature and queues nothing', async () => {
    // Prepare
    const callSid = sid('CA');
    const requestsBefore = simState(stack).requests.length;
    // Act
    const response = await postTwilio(stack, twilioCallParams({ CallSid: callSid }), { authToken: 'not-the-token' });
    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'signature_invalid', message: expect.any(String) as string } });
    await expectNoOutcome(stack, 'demo', `twilio:call:${callSid}`);
    expect(simState(stack).requests).toHaveLength(requestsBefore);
  });

  it('logs one Communication when Twilio delivers the same callback twice', async () => {
    // Prepare
    const params = twilioCallParams({ CallSid: sid('CA') });
    // Act
    const [first, second] = await Promise.all([postTwilio(stack, params), postTwilio(stack, params)]);
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${params.CallSid}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Assess
    expect([first?.status, second?.status]).toEqual([200, 200]);
    expect(communicationsFor(stack, outcome.eventId)).toHaveLength(1);
  });

  it('writes nothing new when the queue redelivers an event that already has an outcome', async () => {
    // Prepare: an event logged once, then the same message sent again past the FIFO deduplication window
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid }));
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    const requestsBefore = simState(stack).requests.length;
    // Act
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queueUrl,
        MessageBody: JSON.stringify(outcome.event),
        MessageGroupId: `demo#redelivery`,
        MessageDeduplicationId: `${callSid}-again`,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Assess
    expect(communicationsFor(stack, outcome.eventId)).toHaveLength(1);
    expect(simState(stack).requests).toHaveLength(requestsBefore);
    expect(await stack.adapters.outcomes.get('demo', outcome.eventId)).toEqual(outcome);
  });

  it('retries after Clio answers 429 with Retry-After, and logs the event once', async () => {
    // Prepare
    const callSid = sid('CA');
    await fetch(`${stack.clioUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/api/v4/communications.json', status: 429, times: 1, retryAfterSeconds: 1 }),
    });
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid }));
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    // Assess
    expect(outcome.status).toBe('logged');
    expect(communicationsFor(stack, outcome.eventId)).toHaveLength(1);
    const posts = simState(stack)
      .requests.filter((r) => r.method === 'POST' && r.path === '/api/v4/communications.json')
      .map((r) => r.status);
    expect(posts.slice(-2)).toEqual([429, 201]);
  });

  it('parks the event of a tenant that has not connected Clio', async () => {
    // Prepare
    const callSid = sid('CA');
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid }), { tenantId: 'unconnected', authToken: 'unconnected-token' });
    const outcome = await waitForOutcome(stack, 'unconnected', `twilio:call:${callSid}`);
    // Assess
    expect(outcome).toMatchObject({ status: 'parked', reason: 'tenant_not_connected' });
    expect(communicationsFor(stack, outcome.eventId)).toHaveLength(0);
  });

  it('logs an inbound SMS with its text, emoji included', async () => {
    // Prepare
    const messageSid = sid('SM');
    // Act
    await postTwilio(stack, {
      MessageSid: messageSid,
      SmsSid: messageSid,
      AccountSid: 'AC1',
      From: '+14375551234',
      To: '+14155550199',
      Body: 'Running 10 min late 🚗',
      NumMedia: '0',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
    const outcome = await waitForOutcome(stack, 'demo', `twilio:message:${messageSid}`);
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', kind: 'sms', clio: { contactId: 1002 } });
    const [communication] = communicationsFor(stack, outcome.eventId);
    expect(communication?.subject).toBe('SMS from Robert Chen (+1 437-555-1234)');
    expect(communication?.body).toContain('Running 10 min late 🚗');
  });
});
