import type { LocalStack } from '../../local/stack.js';
import { ARRIVAL_ORDERS, BETH, TELLING_TIMEOUT_MS, flowChecker, flowIds, loadFlow, sendSigned, startFlowStack, type Flow } from '../support/call-flows.js';
import { postSigned, signAs } from '../support/provider-signing.js';

// Dialpad's call flows (docs/providers/dialpad.md): every leg and state of one call must become exactly one log.
const DIALPAD_FLOWS: readonly Flow[] = [
  {
    name: 'flow-missed-department',
    eventId: (ids) => `dialpad:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-callcenter-answered',
    eventId: (ids) => `dialpad:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 120, userId: BETH },
  },
  {
    name: 'flow-forwarded-answered',
    eventId: (ids) => `dialpad:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: BETH },
  },
  {
    name: 'flow-voicemail',
    eventId: (ids) => `dialpad:call:${ids.NUM_A}`,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: BETH,
      body: /Recording: https:\/\/dialpad\.com\/r\/voicemail\/.*\n.*Transcript: Hi, this is Jane Smith/,
    },
  },
  {
    name: 'flow-recorded-outbound',
    eventId: (ids) => `dialpad:call:${ids.NUM_A}`,
    truth: {
      kind: 'call',
      direction: 'outbound',
      status: 'completed',
      subject: /^Outbound call to Jane Smith/,
      talkSeconds: 80,
      userId: BETH,
      body: /Recording: https:\/\/dialpad\.com\/r\/recording\/5121597331439616\.mp3/,
    },
  },
  {
    name: 'flow-sms-inbound',
    eventId: (ids) => `dialpad:message:${ids.NUM_A}`,
    truth: { kind: 'sms', direction: 'inbound', status: 'received', subject: /^SMS from Jane Smith/, userId: BETH, body: /Is the hearing still on Monday\?/ },
  },
  {
    name: 'flow-sms-outbound',
    eventId: (ids) => `dialpad:message:${ids.NUM_A}`,
    truth: { kind: 'sms', direction: 'outbound', status: 'delivered', subject: /^SMS to Jane Smith/, userId: BETH, body: /See you at the courthouse at 3pm\./ },
  },
  {
    name: 'flow-sms-outbound-failed',
    eventId: (ids) => `dialpad:message:${ids.NUM_A}`,
    truth: { kind: 'sms', direction: 'outbound', status: 'failed', subject: /^SMS to Jane Smith/, userId: BETH, body: /See you at the courthouse at 3pm\./ },
  },
];

describe('Dialpad: one truthful log per real call, told in any order', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    // Beth as Dialpad names her: her e-mail on call legs, her user id on SMS events.
    stack = await startFlowStack(['beth@firm.example', '6200000000000346']);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const { tell, expectTruth } = flowChecker(() => stack);

  describe.each(DIALPAD_FLOWS)('Dialpad $name', ({ name, eventId, truth }) => {
    it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const callbacks = ARRIVAL_ORDERS[order](loadFlow<unknown>('dialpad', name, ids, '').callbacks);
        // Act
        const { outcome, written } = await tell(sendSigned(stack, 'dialpad', callbacks), eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  it('accepts a signed body whatever Content-Type it comes with', async () => {
    // Prepare
    const ids = flowIds();
    const [callback] = loadFlow<unknown>('dialpad', 'flow-sms-inbound', ids, '').callbacks;
    const signed = signAs(stack, 'dialpad', callback);
    // Act
    const answer = await postSigned(stack, 'dialpad', { ...signed, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    // Assess
    expect(answer.status).toBe(200);
  });
});
