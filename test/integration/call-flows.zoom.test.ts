import type { LocalStack } from '../../local/stack.js';
import {
  ARRIVAL_ORDERS,
  BETH,
  FLOW_SETTLE_SECONDS,
  flowChecker,
  flowIds,
  loadFlow,
  sendSigned,
  startFlowStack,
  TELLING_TIMEOUT_MS,
  type Flow,
} from '../support/call-flows.js';
import { sleep } from '../support/waits.js';
import { simState, waitForOutcome } from '../support/local-stack.js';

const RECORDING = /Recording: https:\/\/zoom\.us\/v2\/phone\/recording\/download\//;
const VOICEMAIL = /Recording: https:\/\/zoom\.us\/v2\/phone\/voice_mails\/download\//;

const ZOOM_FLOWS: readonly Flow[] = [
  {
    name: 'flow-missed-call-flow',
    eventId: (ids) => `zoom:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'missed', subject: /^Missed call from Jane Smith/, userId: 345 },
  },
  {
    name: 'flow-queue-answered',
    eventId: (ids) => `zoom:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: BETH },
  },
  {
    name: 'flow-forwarded-to-cell',
    eventId: (ids) => `zoom:call:${ids.NUM_A}`,
    truth: { kind: 'call', direction: 'inbound', status: 'completed', subject: /^Inbound call from Jane Smith/, talkSeconds: 95, userId: BETH },
  },
  {
    name: 'flow-voicemail',
    eventId: (ids) => `zoom:call:${ids.NUM_A}`,
    truth: {
      kind: 'voicemail',
      direction: 'inbound',
      status: 'voicemail',
      subject: /^Voicemail from Jane Smith/,
      userId: BETH,
      body: VOICEMAIL,
    },
  },
  {
    name: 'flow-recorded-outgoing',
    eventId: (ids) => `zoom:call:${ids.NUM_A}`,
    truth: {
      kind: 'call',
      direction: 'outbound',
      status: 'completed',
      subject: /^Outbound call to Jane Smith/,
      talkSeconds: 80,
      userId: BETH,
      body: RECORDING,
    },
  },
  {
    name: 'flow-sms-inbound',
    eventId: (ids) => `zoom:message:${ids.UUID_A}`,
    truth: { kind: 'sms', direction: 'inbound', status: 'received', subject: /^SMS from Jane Smith/, userId: BETH, body: /Running 10 minutes late/ },
  },
  {
    name: 'flow-sms-outbound',
    eventId: (ids) => `zoom:message:${ids.UUID_A}`,
    truth: { kind: 'sms', direction: 'outbound', status: 'sent', subject: /^SMS to Jane Smith/, userId: BETH, body: /See you at the courthouse at 3pm\./ },
  },
];

type Callback = { event: string; payload: { object: Record<string, unknown> } };

describe('Zoom Phone: one truthful log per real call, told in any order', () => {
  let stack: LocalStack;
  const post = (callbacks: readonly unknown[]) => sendSigned(stack, 'zoom', callbacks);

  beforeAll(async () => {
    stack = await startFlowStack(['beth@firm.example', 'bethZoomUser00000001']);
  });
  afterAll(() => stack.stop());

  const { tell, expectTruth } = flowChecker(() => stack);

  describe.each(ZOOM_FLOWS)('$name', ({ name, eventId, truth }) => {
    it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])(
      '%s: one truthful log',
      async (order) => {
        // Prepare
        const ids = flowIds();
        const callbacks = ARRIVAL_ORDERS[order](loadFlow<unknown>('zoom', name, ids, '').callbacks);
        // Act
        const { outcome, written } = await tell(post(callbacks), eventId(ids));
        // Assess
        expectTruth(outcome, written, truth);
      },
      TELLING_TIMEOUT_MS,
    );
  });

  it(
    'adds a recording that comes after the call was logged to the same Communication',
    async () => {
      // Prepare
      const ids = flowIds();
      const [history, recording] = loadFlow<unknown>('zoom', 'flow-recorded-outgoing', ids, '').callbacks;
      const { outcome, written } = await tell(post([history]), `zoom:call:${ids.NUM_A}`);
      expect(written[0]?.body).not.toMatch(RECORDING);
      // Act
      const late = await post([recording])();
      const amended = await waitForOutcome(stack, 'demo', `zoom:recording:${ids.UUID_C}`);
      // Assess
      expect(late.every((answer) => answer.ok)).toBe(true);
      expect(amended).toMatchObject({ status: 'logged', clio: { communicationId: outcome.clio.communicationId } });
      expect(amended.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'updated' }));
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'adds a voicemail that comes after its call was logged to the same Communication once, however often Zoom sends it',
    async () => {
      // Prepare: the call history (a message was left) is logged, its settle passed, before the voicemail callback comes
      const ids = flowIds();
      const [history, voicemail] = loadFlow<unknown>('zoom', 'flow-voicemail', ids, '').callbacks;
      const { outcome, written } = await tell(post([history]), `zoom:call:${ids.NUM_A}`);
      expect(written[0]?.body).not.toMatch(VOICEMAIL);
      const body = () => simState(stack).communications.find((c) => c.id === outcome.clio.communicationId)?.body ?? '';
      // Act
      const { outcome: amended } = await tell(post([voicemail]), `zoom:voicemail:${ids.UUID_B}`);
      const once = body();
      const { written: replayed } = await tell(post([voicemail]), `zoom:voicemail:${ids.UUID_B}`);
      // Assess
      expect(amended).toMatchObject({ status: 'logged', clio: { communicationId: outcome.clio.communicationId } });
      expect(amended.trace).toContainEqual(expect.objectContaining({ step: 'amends', decision: 'updated' }));
      expect(once.match(/^Recording: .*$/gm)).toEqual([`Recording: https://zoom.us/v2/phone/voice_mails/download/${ids.UUID_B}`]);
      expect(replayed).toEqual([]);
      expect(body()).toBe(once);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'logs a queue call Beth answered as hers when her view comes after the settle time, not as missed by Jan',
    async () => {
      // Prepare: Jan's view says only that someone else answered; Beth's comes two settles later, past the stack's
      // settle (and well before the six settles a call waits for the member who answered)
      const ids = flowIds();
      const [jan, beth] = loadFlow<Callback>('zoom', 'flow-queue-answered', ids, '').callbacks as [Callback, Callback];
      const lateBeth = async (): Promise<Response[]> => {
        const first = await post([jan])();
        await sleep(2 * FLOW_SETTLE_SECONDS * 1000);
        return [...first, ...(await post([beth])())];
      };
      // Act
      const { outcome, written } = await tell(lateBeth, `zoom:call:${ids.NUM_A}`);
      // Assess
      expectTruth(outcome, written, {
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        subject: /^Inbound call from Jane Smith/,
        talkSeconds: 95,
        userId: BETH,
      });
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    "logs a queue call answered, by nobody named, when the answering member's view never comes",
    async () => {
      // Prepare
      const ids = flowIds();
      const [jan] = loadFlow<Callback>('zoom', 'flow-queue-answered', ids, '').callbacks as [Callback];
      // Act
      const { outcome, written } = await tell(post([jan]), `zoom:call:${ids.NUM_A}`);
      // Assess: the connected Clio user (345), with the queue's talk time
      expectTruth(outcome, written, {
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        subject: /^Inbound call from Jane Smith/,
        talkSeconds: 95,
        userId: 345,
      });
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'logs a call whose element carries a result Zoom has newly added, and traces the value',
    async () => {
      // Prepare: Jan's view says nothing Zoom documents about his leg; Beth's answered leg decides the call
      const ids = flowIds();
      const [jan, beth] = loadFlow<Callback>('zoom', 'flow-queue-answered', ids, '').callbacks as [Callback, Callback];
      const logs = jan.payload.object['call_logs'] as Record<string, unknown>[];
      const novel = {
        ...jan,
        payload: {
          ...jan.payload,
          object: { ...jan.payload.object, call_logs: logs.map((e, i) => (i === logs.length - 1 ? { ...e, result: 'declined_by_ai' } : e)) },
        },
      };
      // Act
      const { outcome, written } = await tell(post([novel, beth]), `zoom:call:${ids.NUM_A}`);
      // Assess
      expect(outcome).toMatchObject({
        status: 'logged',
        event: { status: 'completed', durationSeconds: 95, unrecognised: [{ field: 'call_logs.result', value: 'declined_by_ai' }] },
      });
      expect(outcome.trace).toContainEqual(expect.objectContaining({ step: 'provider_values', decision: 'unrecognised' }));
      expect(written).toHaveLength(1);
    },
    TELLING_TIMEOUT_MS,
  );

  it(
    'skips, and says why, a call that only a value Zoom has newly added could decide',
    async () => {
      // Prepare: the only leg a person was on ended with a result we do not know
      const ids = flowIds();
      const [vmView] = loadFlow<Callback>('zoom', 'flow-voicemail', ids, '').callbacks as [Callback];
      const logs = vmView.payload.object['call_logs'] as Record<string, unknown>[];
      const novel = {
        ...vmView,
        payload: {
          ...vmView.payload,
          object: { ...vmView.payload.object, call_logs: logs.map((e) => ({ ...e, result: 'handled_by_ai', voicemail_id: undefined })) },
        },
      };
      // Act
      const { outcome, written } = await tell(post([novel]), `zoom:call:${ids.NUM_A}`);
      // Assess
      expect(outcome).toMatchObject({
        status: 'skipped',
        reason: 'unrecognised_value',
        event: { unrecognised: [{ field: 'call_logs.result', value: 'handled_by_ai', decisive: true }] },
      });
      expect(written).toHaveLength(0);
    },
    TELLING_TIMEOUT_MS,
  );
});
