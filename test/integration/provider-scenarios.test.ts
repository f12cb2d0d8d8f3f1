import { SAMPLE_FAX_PDF, startMediaServer } from '../../local/media-server.js';
import type { LocalStack } from '../../local/stack.js';
import { FLOW_SETTLE_SECONDS } from '../support/call-flows.js';
import { communicationsFor, startTestStack, waitForOutcome } from '../support/local-stack.js';
import { postSigned, providerFixture, signAs } from '../support/provider-signing.js';

type TelnyxEvent = { data: { event_type: string; payload: Record<string, unknown> } };

describe('provider scenarios end to end', () => {
  let stack: LocalStack;
  let media: Awaited<ReturnType<typeof startMediaServer>>;

  beforeAll(async () => {
    media = await startMediaServer({ '/telnyx-fax.pdf': { body: SAMPLE_FAX_PDF, contentType: 'application/pdf' } });
    // Calls settle as the flow suites' do: every callback of a telling arrives before the call it describes is logged.
    stack = await startTestStack({ trustedMediaOrigins: [media.url], callSettleSeconds: FLOW_SETTLE_SECONDS });
  });
  afterAll(async () => {
    await media.stop();
    await stack.stop();
  });

  const telnyx = (name: string, payload: Record<string, unknown> = {}): TelnyxEvent => {
    const event = providerFixture<TelnyxEvent>('telnyx', name);
    return { ...event, data: { ...event.data, payload: { ...event.data.payload, ...payload } } };
  };

  it('logs a Telnyx call that only its Call Control app answered once, as missed, whatever the order', async () => {
    // Prepare: a caller Clio knows, one leg the app answered, the callbacks out of order and one repeated
    const caller = { from: '+14155550100' };
    const callbacks = [telnyx('call-hangup', caller), telnyx('call-initiated', caller), telnyx('call-hangup', caller), telnyx('call-answered', caller)];
    // Act
    for (const callback of callbacks) expect((await postSigned(stack, 'telnyx', signAs(stack, 'telnyx', callback))).ok).toBe(true);
    const outcome = await waitForOutcome(stack, 'demo', 'telnyx:call:428c31b6-7af4-4bcb-b7f5-5013ef9657c1');
    // A second log, had one been queued, would have settled and been processed by now.
    await new Promise((resolve) => setTimeout(resolve, FLOW_SETTLE_SECONDS * 1000 + 500));
    // Assess: the app answering is no person answering
    expect(outcome).toMatchObject({ status: 'logged', kind: 'call', event: { status: 'missed' }, clio: { contactId: 1001 } });
    const communications = communicationsFor(stack, outcome.eventId);
    expect(communications).toHaveLength(1);
    expect(communications[0]?.subject).toMatch(/^Missed call from Jane Smith/);
    expect(outcome.clio.activityId).toBeUndefined();
  });

  it('ends a Telnyx fax as a Clio document, downloaded from its media link', async () => {
    // Prepare
    const fax = telnyx('fax-received', { from: '+14155550100', media_url: `${media.url}/telnyx-fax.pdf` });
    // Act
    await postSigned(stack, 'telnyx', signAs(stack, 'telnyx', fax));
    const outcome = await waitForOutcome(stack, 'demo', 'telnyx:fax:359c0d23-fe39-49f1-8814-f7490197a576');
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', kind: 'fax', clio: { contactId: 1001, matterId: 902 } });
    expect(stack.clioSim?.documentContent(outcome.clio.documentId ?? -1)).toEqual(SAMPLE_FAX_PDF);
    expect(communicationsFor(stack, outcome.eventId)[0]?.body).toContain('Pages: 2');
  });

  it('logs a RingCentral call nobody answered as a missed call', async () => {
    // Prepare: the session's notifications as RingCentral sends them, one by one
    const notifications = providerFixture<unknown[]>('ringcentral', 'telephony-session-missed');
    // Act
    for (const notification of notifications) expect((await postSigned(stack, 'ringcentral', signAs(stack, 'ringcentral', notification))).ok).toBe(true);
    const outcome = await waitForOutcome(stack, 'demo', 'ringcentral:call:s-a6abd24ca6774373a8120a3390d3cbe8');
    // Assess
    expect(outcome).toMatchObject({ status: 'logged', kind: 'call', direction: 'inbound', event: { status: 'missed' } });
    expect(communicationsFor(stack, outcome.eventId)[0]?.subject).toMatch(/^Missed call from /);
    expect(outcome.clio.activityId).toBeUndefined();
  });
});
