import type { LocalStack } from '../../local/stack.js';
import { ARRIVAL_ORDERS, BETH, TELLING_TIMEOUT_MS, flowChecker, flowIds, loadFlow, sendSigned, startFlowStack, type Flow } from '../support/call-flows.js';
import { postSigned, signAs, unsigned } from '../support/provider-signing.js';

const conversation = (ids: { UUID_A: string }) => `vonage:call:CON-${ids.UUID_A}`;
const message = (ids: { UUID_A: string }) => `vonage:message:${ids.UUID_A}`;

const VONAGE_FLOWS: readonly Flow[] = [
  {
    name: 'flow-missed-via-ncco',
    eventId: conversation,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-answered-forwarded',
    eventId: conversation,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: BETH },
  },
  {
    name: 'flow-department-hunt',
    eventId: conversation,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 60, userId: BETH },
  },
  {
    name: 'flow-voicemail',
    eventId: conversation,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: 345,
      body: /Recording: https:\/\/api-us\.nexmo\.com\/v1\/files\//,
    },
  },
  {
    name: 'flow-recorded-call',
    eventId: conversation,
    truth: {
      kind: 'call',
      direction: 'inbound',
      status: 'completed',
      subject: /^Inbound call from Jane Smith/,
      talkSeconds: 80,
      userId: BETH,
      body: /Recording: https:\/\/api-us\.nexmo\.com\/v1\/files\//,
    },
  },
  {
    name: 'flow-click-to-call',
    eventId: conversation,
    truth: { kind: 'call', direction: 'outbound', status: 'completed', subject: /^Outbound call to Jane Smith/, talkSeconds: 64, userId: BETH },
  },
  {
    name: 'flow-app-outgoing',
    eventId: conversation,
    truth: { kind: 'call', direction: 'outbound', status: 'completed', subject: /^Outbound call to Jane Smith/, talkSeconds: 44, userId: BETH },
  },
  {
    name: 'flow-inbound-sms',
    eventId: message,
    truth: { kind: 'sms', direction: 'inbound', status: 'received', subject: /^SMS from Jane Smith/, userId: 345, body: /Can we move our meeting to Friday\?/ },
  },
  {
    name: 'flow-inbound-sms-v01',
    eventId: message,
    truth: { kind: 'sms', direction: 'inbound', status: 'received', subject: /^SMS from Jane Smith/, userId: 345, body: /Can we move our meeting to Friday\?/ },
  },
  {
    name: 'flow-outbound-sms',
    eventId: message,
    truth: { kind: 'sms', direction: 'outbound', status: /^(sent|delivered)$/, subject: /^SMS to Jane Smith/, userId: 345 },
  },
];

describe('Vonage: one truthful log per real call, told in any order', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    // Beth's cell (where the NCCO forwards calls) and her Client SDK user name.
    stack = await startFlowStack(['+14155550142', 'beth']);
  });
  afterAll(() => stack.stop());

  const { tell, expectTruth } = flowChecker(() => stack);
  const webhook = () => `${stack.url}/v1/tenants/demo/webhooks/vonage`;

  describe.each(VONAGE_FLOWS)('$name', ({ name, eventId, truth }) => {
    it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const callbacks = ARRIVAL_ORDERS[order](loadFlow<unknown>('vonage', name, ids, webhook()).callbacks);
        // Act
        const { outcome, written } = await tell(sendSigned(stack, 'vonage', callbacks), eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  it(
    "logs the lawyer's forwarded leg as no call of its own, and never as a party",
    async () => {
      // Prepare
      const ids = flowIds();
      const flow = loadFlow<unknown>('vonage', 'flow-answered-forwarded', ids, webhook());
      // Act
      const { written } = await tell(
        async () => Promise.all(flow.callbacks.map((c) => postSigned(stack, 'vonage', signAs(stack, 'vonage', c)))),
        conversation(ids),
      );
      // Assess
      expect(written).toHaveLength(1);
      expect(written[0]?.subject).not.toContain('555-0142');
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'asks Vonage to retry an unsigned callback (429, Retry-After) and logs the signed retry once',
    async () => {
      // Prepare
      const ids = flowIds();
      const [sms] = loadFlow<unknown>('vonage', 'flow-inbound-sms', ids, webhook()).callbacks;
      // Act
      const first = await postSigned(stack, 'vonage', unsigned('vonage', sms));
      const { outcome, written } = await tell(async () => [await postSigned(stack, 'vonage', signAs(stack, 'vonage', sms))], message(ids));
      // Assess
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('60');
      expect(await first.json()).toMatchObject({ error: { code: 'signature_missing' } });
      expect(outcome).toMatchObject({ status: 'logged', kind: 'sms' });
      expect(written).toHaveLength(1);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'skips a conversation whose only leg has a direction Vonage never documented, saying so',
    async () => {
      // Prepare
      const ids = flowIds();
      const clientDone = loadFlow<Record<string, unknown>>('vonage', 'flow-click-to-call', ids, webhook()).callbacks.find(
        (c) => c.status === 'completed' && c.to === '14155550100',
      );
      // Act
      const { outcome, written } = await tell(
        async () => [await postSigned(stack, 'vonage', signAs(stack, 'vonage', { ...clientDone, direction: 'sideways' }))],
        conversation(ids),
      );
      // Assess
      expect(outcome).toMatchObject({ status: 'skipped', reason: 'unrecognised_value' });
      expect(written).toHaveLength(0);
    },
    TELLING_TIMEOUT_MS,
  );
});
