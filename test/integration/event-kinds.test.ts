import { startMediaServer, SAMPLE_FAX_PDF } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import { twilioCallParams } from '../../local/twilio-example.js';
import { postGeneric } from '../support/generic.js';
import { communicationsFor, postTwilio, sid, simState, startTestStack, waitForOutcome } from '../support/local-stack.js';

describe('every kind of event on the local stack', () => {
  let stack: LocalStack;
  let media: Awaited<ReturnType<typeof startMediaServer>>;

  beforeAll(async () => {
    media = await startMediaServer({ '/fax-1.pdf': { body: SAMPLE_FAX_PDF, contentType: 'application/pdf' } });
    stack = await startTestStack({ trustedMediaOrigins: [media.url] });
  });
  afterAll(async () => {
    await media.stop();
    await stack.stop();
  });

  it('logs a completed call with a non-billable time entry of its duration, on the matter', async () => {
    // Prepare
    const callSid = sid('CA');
    // Act
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, CallDuration: '312' }));
    const outcome = await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`);
    // Assess
    const entry = simState(stack).activities.find((a) => a.id === outcome.clio.activityId);
    expect(entry).toMatchObject({
      type: 'TimeEntry',
      quantity: 312,
      non_billable: true,
      matter: { id: 902 },
      communication: { id: outcome.clio.communicationId },
    });
  });

  it('logs a 200 KB SMS once, its text cut with a visible marker, and keeps its outcome', async () => {
    // Prepare: far more than an outcome item or a Communication holds
    const text = `Opening lines of a very long message. ${'All work and no play. '.repeat(9_200)}`;
    const event = {
      providerEventId: `sms-${sid('SM')}`,
      providerResourceId: 'sms-long',
      kind: 'sms',
      direction: 'inbound',
      external: { raw: '+14155550100' },
      firm: { e164: '+14155550199' },
      occurredAt: new Date().toISOString(),
      status: 'received',
      text,
    };
    // Act
    const response = await postGeneric(stack, event);
    const outcome = await waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Assess
    expect(text.length).toBeGreaterThan(200_000);
    expect(response.status).toBe(202);
    expect(outcome).toMatchObject({ status: 'logged', kind: 'sms', clio: { contactId: 1001 } });
    const communications = communicationsFor(stack, outcome.eventId);
    expect(communications).toHaveLength(1);
    expect(communications[0]?.body).toContain('Opening lines of a very long message.');
    expect(communications[0]?.body).toMatch(/… \[[\d,]+ more characters not kept\]$/);
    // The message is in Clio; the outcome keeps no copy of it once it is logged.
    expect(outcome.event.text).toBeUndefined();
  });

  it('uploads a fax PDF as a document on the matter and logs the fax with its page count', async () => {
    // Prepare
    const event = {
      providerEventId: `fax-${sid('CA')}`,
      providerResourceId: 'fax-1',
      kind: 'fax',
      direction: 'inbound',
      external: { raw: '(415) 555-0100' },
      firm: { e164: '+14155550199' },
      occurredAt: new Date().toISOString(),
      status: 'received',
      pageCount: 1,
      media: [{ url: `${media.url}/fax-1.pdf`, contentType: 'application/pdf' }],
    };
    // Act
    const response = await postGeneric(stack, event);
    const outcome = await waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`);
    // Assess
    expect(response.status).toBe(202);
    expect(outcome).toMatchObject({ status: 'logged', clio: { contactId: 1001, matterId: 902 } });
    const documentId = outcome.clio.documentId ?? -1;
    expect(stack.clioSim?.documentContent(documentId)).toEqual(SAMPLE_FAX_PDF);
    const document = simState(stack).documents.find((d) => d.id === documentId);
    expect(simState(stack).folders.find((f) => f.id === document?.parent?.id)).toMatchObject({ root: true, matter: { id: 902 } });
    const [communication] = communicationsFor(stack, outcome.eventId);
    expect(communication?.subject).toBe('Fax from Jane Smith (+1 415-555-0100)');
    expect(communication?.body).toContain('Pages: 1');
    expect(communication?.body).toContain(`(Clio document ${documentId})`);
    expect(simState(stack).activities.filter((a) => a.communication?.id === communication?.id)).toHaveLength(0);
  });

  it('asks Clio again when it answers UploadTimeoutError to the last upload step', async () => {
    // Prepare: the next PATCH of any document times out once
    const event = {
      providerEventId: `fax-${sid('CA')}`,
      providerResourceId: 'fax-3',
      kind: 'fax',
      direction: 'inbound',
      external: { raw: '+14155550100' },
      firm: {},
      occurredAt: new Date().toISOString(),
      status: 'received',
      media: [{ url: `${media.url}/fax-1.pdf`, contentType: 'application/pdf' }],
    };
    const nextId = Math.max(0, ...simState(stack).documents.map((d) => d.id)) + 1;
    await fetch(`${stack.clioUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PATCH', path: `/api/v4/documents/${nextId}.json`, status: 422, errorType: 'UploadTimeoutError', times: 1 }),
    });
    // Act
    await postGeneric(stack, event);
    const outcome = await waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`);
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', clio: { documentId: nextId } });
    const patches = simState(stack)
      .requests.filter((r) => r.method === 'PATCH' && r.path === `/api/v4/documents/${nextId}.json`)
      .map((r) => r.status);
    expect(patches).toEqual([422, 200]);
    expect(simState(stack).documents.filter((d) => d.id === nextId)).toHaveLength(1);
  });

  it('ends a fax whose link has expired as failed, saying why', async () => {
    const event = {
      providerEventId: `fax-${sid('CA')}`,
      providerResourceId: 'fax-2',
      kind: 'fax',
      direction: 'inbound',
      external: { raw: '+14155550100' },
      firm: {},
      occurredAt: new Date().toISOString(),
      status: 'received',
      media: [{ url: `${media.url}/expired.pdf` }],
    };
    await postGeneric(stack, event);
    const outcome = await waitForOutcome(stack, 'demo', `generic:${event.providerEventId}`);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'media_unavailable' });
  });

  it('logs a voicemail with its recording and transcript, then appends a late transcript', async () => {
    // Prepare
    const callSid = sid('CA');
    const voicemail = {
      providerEventId: `vm-${callSid}`,
      providerResourceId: callSid,
      kind: 'voicemail',
      direction: 'inbound',
      external: { raw: '+14375551234' },
      firm: { e164: '+14155550199' },
      occurredAt: new Date().toISOString(),
      status: 'voicemail',
      durationSeconds: 21,
      recording: { url: 'https://media.example/vm.mp3', durationSeconds: 21 },
    };
    // Act
    await postGeneric(stack, voicemail);
    const logged = await waitForOutcome(stack, 'demo', `generic:${voicemail.providerEventId}`);
    await postGeneric(stack, {
      ...voicemail,
      providerEventId: `vm-${callSid}-transcript`,
      amends: voicemail.providerEventId,
      transcript: 'Please call me back about the lease.',
    });
    const amended = await waitForOutcome(stack, 'demo', `generic:vm-${callSid}-transcript`);
    // Assess
    expect(amended).toMatchObject({ status: 'logged', clio: { communicationId: logged.clio.communicationId } });
    const [communication, ...others] = communicationsFor(stack, logged.eventId);
    expect(others).toHaveLength(0);
    expect(communication?.subject).toBe('Voicemail from Robert Chen (+1 437-555-1234)');
    expect(communication?.body).toContain('Recording: https://media.example/vm.mp3');
    expect(communication?.body).toContain('Transcript: Please call me back about the lease.');
  });

  it('skips an internal call with its reason', async () => {
    const callSid = sid('CA');
    await postTwilio(stack, twilioCallParams({ CallSid: callSid, From: 'client:alice', To: 'client:bob' }));
    expect(await waitForOutcome(stack, 'demo', `twilio:call:${callSid}`)).toMatchObject({ status: 'skipped', reason: 'internal_call' });
  });

  it('refuses a generic event with a bad signature or a malformed body', async () => {
    const valid = {
      kind: 'sms',
      direction: 'inbound',
      providerResourceId: 'x',
      external: { raw: '+14155550100' },
      firm: {},
      occurredAt: new Date().toISOString(),
      status: 'received',
    };
    expect((await postGeneric(stack, valid, { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw==' })).status).toBe(401);
    const malformed = await postGeneric(stack, { ...valid, kind: 'telegram' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'malformed_payload', message: expect.stringContaining('kind') as string } });
  });
});
