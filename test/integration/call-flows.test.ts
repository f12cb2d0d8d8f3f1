import type { LocalStack } from '../../local/stack.js';
import { deliver, sign, twilioForm } from '../../local/signers/index.js';
import { ARRIVAL_ORDERS, BETH, TELLING_TIMEOUT_MS, flowChecker, flowIds, loadFlow, sendSigned, startFlowStack, type Flow } from '../support/call-flows.js';
import { postSigned, signAs } from '../support/provider-signing.js';
import { startTwilioApiFake } from '../support/twilio-api-fake.js';

const ACCOUNT = flowIds().ACCOUNT;
const TWILIO_TOKEN = 'call-flows-twilio-token';

const TWILIO_FLOWS: readonly Flow[] = [
  {
    name: 'flow-missed-via-dial',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-answered-via-dial',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: 345 },
  },
  {
    name: 'flow-voicemail-after-dial',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: 345,
      body: /Recording: https:\/\/api\.twilio\.com\/.*\/Recordings\/RE/,
    },
  },
  {
    name: 'flow-recorded-outgoing',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: {
      kind: 'call',
      direction: 'outbound',
      status: 'completed',
      subject: /^Outbound call to Jane Smith/,
      talkSeconds: 80,
      userId: 345,
      body: /Recording: https:\/\/api\.twilio\.com\/.*\/Recordings\/RE/,
    },
  },
  {
    name: 'flow-softphone-outgoing',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: { kind: 'call', direction: 'outbound', status: 'completed', subject: /^Outbound call to Jane Smith/, talkSeconds: 64, userId: BETH },
  },
  {
    name: 'flow-sip-extension',
    eventId: (ids) => `twilio:call:${ids.CALL}`,
    truth: { kind: 'call', direction: 'outbound', status: 'completed', subject: /^Outbound call to Jane Smith/, talkSeconds: 44, userId: BETH },
  },
  {
    name: 'flow-outgoing-sms',
    eventId: (ids) => `twilio:message:${ids.MSG}`,
    truth: {
      kind: 'sms',
      direction: 'outbound',
      status: /^(sent|delivered)$/,
      subject: /^SMS to Jane Smith/,
      userId: 345,
      body: /See you at the courthouse at 3pm\./,
    },
  },
];

const TELNYX_FLOWS: readonly Flow[] = [
  {
    name: 'flow-app-answered-missed',
    eventId: (ids) => `telnyx:call:${ids.SESSION}`,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-bridged',
    eventId: (ids) => `telnyx:call:${ids.SESSION}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: 345 },
  },
  {
    name: 'flow-voicemail',
    eventId: (ids) => `telnyx:call:${ids.SESSION}`,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: 345,
      body: /Recording: https:\/\/s3\.amazonaws\.com\//,
    },
  },
  {
    name: 'flow-lost-initiated',
    eventId: (ids) => `telnyx:call:${ids.SESSION}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: 345 },
  },
];

describe('one truthful log per real call, told in any order', () => {
  let stack: LocalStack;
  let twilioApi: Awaited<ReturnType<typeof startTwilioApiFake>>;
  const webhook = (provider: string) => `${stack.url}/v1/tenants/demo/webhooks/${provider}`;

  beforeAll(async () => {
    twilioApi = await startTwilioApiFake({ [ACCOUNT]: TWILIO_TOKEN });
    stack = await startFlowStack(['alice', '101'], { twilioApiBaseUrl: twilioApi.url });
    await stack.adapters.secrets.putProviderSecret('demo', 'twilio', TWILIO_TOKEN);
  });
  afterAll(async () => {
    await stack.stop();
    await twilioApi.stop();
  });

  const { tell, expectTruth } = flowChecker(() => stack);

  describe.each(TWILIO_FLOWS)('Twilio $name', ({ name, eventId, truth }) => {
    it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const flow = loadFlow<{ sent: string; params: Record<string, string> }>('twilio', name, ids, webhook('twilio'));
        if (flow.message)
          twilioApi.addMessage(ACCOUNT, { sid: ids.MSG, from: '', to: '', body: '', status: '', direction: '', num_media: '0', ...flow.message });
        const callbacks = ARRIVAL_ORDERS[order](flow.callbacks);
        // Act
        const { outcome, written } = await tell(async () => {
          const answers: Response[] = [];
          for (const { params } of callbacks) answers.push(await deliver(sign('twilio', TWILIO_TOKEN, { url: webhook('twilio'), body: twilioForm(params) })));
          return answers;
        }, eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  describe.each(TELNYX_FLOWS)('Telnyx $name', ({ name, eventId, truth }) => {
    it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const callbacks = ARRIVAL_ORDERS[order](loadFlow<unknown>('telnyx', name, ids, webhook('telnyx')).callbacks);
        // Act
        const { outcome, written } = await tell(sendSigned(stack, 'telnyx', callbacks), eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  it(
    'refuses a callback its call cannot be read with, keeps nothing of it, and logs the call from the others',
    async () => {
      // Prepare: a signed hangup whose start time is past year 9999, as no real call is
      const ids = flowIds();
      const callbacks = loadFlow<{ data: { event_type: string; payload: Record<string, unknown> } }>(
        'telnyx',
        'flow-bridged',
        ids,
        webhook('telnyx'),
      ).callbacks;
      const hangup = callbacks.find((c) => c.data.event_type === 'call.hangup');
      if (!hangup) throw new Error('the flow has a hangup');
      const poisoned = {
        ...hangup,
        data: { ...hangup.data, id: `${ids.RUN}-poisoned`, payload: { ...hangup.data.payload, start_time: '+010000-01-01T00:00:00Z' } },
      };
      // Act
      const refused = await postSigned(stack, 'telnyx', signAs(stack, 'telnyx', poisoned));
      const { outcome, written } = await tell(sendSigned(stack, 'telnyx', callbacks), `telnyx:call:${ids.SESSION}`);
      // Assess
      expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 400, body: { error: { code: 'malformed_payload' } } });
      expectTruth(
        outcome,
        written,
        TELNYX_FLOWS.find((f) => f.name === 'flow-bridged')?.truth ?? { kind: 'call', direction: 'inbound', status: 'never', subject: /never/, userId: 0 },
      );
      expect((await stack.adapters.callState.fragments('demo', 'telnyx', ids.SESSION)).map((f) => f.eventKey)).not.toContain(`${ids.RUN}-poisoned`);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'logs an outgoing Twilio SMS without its text when Twilio cannot be asked, and says why in the trace',
    async () => {
      // Prepare: Twilio holds no such message
      const ids = flowIds();
      const flow = loadFlow<{ params: Record<string, string> }>('twilio', 'flow-outgoing-sms', ids, webhook('twilio'));
      const withRecipient = flow.callbacks.map(({ params }) => ({ ...params, To: '+14155550100' }));
      // Act
      const { outcome, written } = await tell(
        () => Promise.all(withRecipient.map((params) => deliver(sign('twilio', TWILIO_TOKEN, { url: webhook('twilio'), body: twilioForm(params) })))),
        `twilio:message:${ids.MSG}`,
      );
      // Assess
      expect(outcome).toMatchObject({ status: 'logged', kind: 'sms', clio: { contactId: 1001 } });
      expect(outcome.trace).toContainEqual({ step: 'message_text', decision: 'unavailable', detail: { why: 'Twilio answered 404' } });
      expect(written).toHaveLength(1);
    },
    TELLING_TIMEOUT_MS,
  );
});
