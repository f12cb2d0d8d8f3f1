import { createHmac } from 'node:crypto';
import { zoomProvider } from '../../../shared/adapters/providers/zoom/zoom.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment } from '../../../shared/ports/webhook-provider.js';
import { flowIds, loadFlow } from '../../support/call-flows.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf, valid } from './support.js';

const SECRET = 'zoom-webhook-secret-token';
const ctx = contextOf();

// Signed as Zoom's docs describe (developers.zoom.us/docs/api/webhooks/#verify-webhook-events).
const zoomSigned = (body: string, timestamp: string, secret = SECRET) => ({
  'x-zm-request-timestamp': timestamp,
  'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const parse = (name: string) => eventOf(zoomProvider.parse(requestOf(fixtureBody('zoom', name)), ctx));
const withElement = (name: string, changes: Record<string, unknown>, userId?: string) => {
  const body = fixture<{ payload: { object: { user_id: string; call_logs: Record<string, unknown>[] } } }>('zoom', name);
  const [element] = body.payload.object.call_logs;
  return JSON.stringify({
    ...body,
    payload: { ...body.payload, object: { ...body.payload.object, user_id: userId ?? body.payload.object.user_id, call_logs: [{ ...element, ...changes }] } },
  });
};

describe('Zoom webhook signature (x-zm-signature)', () => {
  const body = fixtureBody('zoom', 'callee-call-history-completed');
  const now = new Date('2026-01-02T08:10:00Z');
  const at = String(now.getTime() / 1000);

  it('accepts the HMAC-SHA256 signature over v0:timestamp:body', () => {
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, at)), SECRET, { publicUrl: 'https://x', now })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = body.replace('"answered"', '"no_answer"');
    expect(zoomProvider.verify(requestOf(tampered, zoomSigned(body, at)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      ok: false,
      code: 'signature_invalid',
    });
  });

  it('rejects a signature made with another secret', () => {
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, at, 'other')), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      code: 'signature_invalid',
    });
  });

  it('says the timestamp is stale when it is more than 300 s from our clock', () => {
    const stale = String(now.getTime() / 1000 - 301);
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, stale)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      ok: false,
      code: 'timestamp_stale',
    });
  });

  it.each([['x-zm-signature'], ['x-zm-request-timestamp']])('says the signature is missing without %s', (header) => {
    const headers = { ...zoomSigned(body, at), [header]: undefined };
    expect(zoomProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_missing' });
  });
});

describe('Zoom endpoint.url_validation', () => {
  const body = fixtureBody('zoom', 'url-validation');

  it('answers the challenge with the plain token and its HMAC', () => {
    // Act
    const answer = zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds())), SECRET);
    // Assess
    expect(answer).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(answer?.body ?? '')).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });

  it('does not answer a challenge that is not signed with the secret', () => {
    expect(zoomProvider.handshake?.(requestOf(body), SECRET)).toBeUndefined();
    expect(zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds(), 'other')), SECRET)).toBeUndefined();
  });

  it('does not answer when the tenant has no Zoom secret', () => {
    expect(zoomProvider.handshake?.(requestOf(body, zoomSigned(body, nowSeconds())), undefined)).toBeUndefined();
  });

  it('leaves other events to verification', () => {
    const event = fixtureBody('zoom', 'sms-received');
    expect(zoomProvider.handshake?.(requestOf(event, zoomSigned(event, nowSeconds())), SECRET)).toBeUndefined();
  });
});

const fragmentOf = (body: string): CallFragment => {
  const parsed = zoomProvider.parse(requestOf(body), ctx);
  if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
  return parsed.fragment;
};
const assembled = (fragments: readonly CallFragment[]) => valid(zoomProvider.assemble?.(fragments, ctx) ?? []);
const assemble = (...bodies: string[]) => assembled(bodies.map(fragmentOf));
const flowFragments = (name: string, ids = flowIds()) => loadFlow<unknown>('zoom', name, ids, '').callbacks.map((c) => fragmentOf(JSON.stringify(c)));

describe('Zoom Phone call callbacks as fragments of their call', () => {
  it('stores a call history view as a fragment of its call_id', () => {
    expect(zoomProvider.parse(requestOf(fixtureBody('zoom', 'callee-call-history-completed')), ctx)).toMatchObject({
      type: 'fragment',
      callKey: '7006926284340112376',
      fragment: { type: 'phone.callee_call_history_completed', occurredAt: '2021-10-08T16:12:05.000Z' },
    });
  });

  it("gives a callback the same key on every delivery, and another user's view another key", () => {
    const body = fixtureBody('zoom', 'callee-call-history-completed');
    expect(fragmentOf(body).eventKey).toBe(fragmentOf(body).eventKey);
    expect(fragmentOf(withElement('callee-call-history-completed', {}, 'someone-else')).eventKey).not.toBe(fragmentOf(body).eventKey);
  });

  it('files the legs of a direct transfer (call_id with a _n suffix) under the call', () => {
    expect(zoomProvider.parse(requestOf(withElement('callee-call-history-completed', { call_id: '7006926284340112376_1' })), ctx)).toMatchObject({
      callKey: '7006926284340112376',
    });
  });

  it('reads an answered inbound call from the callee call history', () => {
    expect(assemble(fixtureBody('zoom', 'callee-call-history-completed'))).toEqual([
      expect.objectContaining({
        provider: 'zoom',
        providerEventId: 'call:7006926284340112376',
        providerResourceId: '7006926284340112376',
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        durationSeconds: 120,
        startedAt: '2021-10-08T16:09:58.000Z',
        endedAt: '2021-10-08T16:12:04.000Z',
        external: { raw: '+12095552345', e164: '+12095552345', callerIdName: 'JANE SMITH' },
        firm: { e164: '+12135551234', extension: '101', userRef: 'jan.dev@example.com' },
        assembly: { callKey: '7006926284340112376', settleUntil: '2026-01-02T08:10:20.000Z' },
      }),
    ]);
  });

  it('reads an unanswered outbound call from the caller call history', () => {
    const [event] = assemble(fixtureBody('zoom', 'caller-call-history-completed'));
    expect(event).toMatchObject({
      direction: 'outbound',
      status: 'no_answer',
      external: { e164: '+12095552345' },
      firm: { e164: '+12135551234', userRef: 'jan.dev@example.com' },
    });
    expect(event?.durationSeconds).toBeUndefined();
  });

  it("assembles the caller's and the callee's view of one internal call into one event, its talk time once", () => {
    const internal = { connect_type: 'internal' };
    const calleeView = withElement('callee-call-history-completed', internal);
    const callerView = JSON.stringify({ ...(JSON.parse(calleeView) as object), event: 'phone.caller_call_history_completed' })
      .replace('"event":"incoming"', '"event":"outgoing"')
      .replace('"direction":"inbound"', '"direction":"outbound"');
    const events = assemble(calleeView, callerView);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ providerEventId: 'call:7006926284340112376', direction: 'internal', status: 'completed', durationSeconds: 120 });
  });

  it.each([
    ['callee-call-history-completed', 'busy', 'missed'],
    ['callee-call-history-completed', 'hang_up', 'missed'],
    ['callee-call-history-completed', 'ring_timeout', 'missed'],
    ['caller-call-history-completed', 'canceled', 'canceled'],
    ['caller-call-history-completed', 'busy', 'busy'],
    ['caller-call-history-completed', 'rejected', 'rejected'],
    ['caller-call-history-completed', 'call_failed', 'failed'],
    ['caller-call-history-completed', 'no_answer', 'no_answer'],
  ])('maps the %s result %s to %s', (name, result, status) => {
    expect(assemble(withElement(name, { result, answer_time: undefined }))[0]?.status).toBe(status);
  });

  it('logs an inbound call whose element says voicemail as a voicemail without a time entry', () => {
    expect(assemble(withElement('callee-call-history-completed', { result: 'voicemail', answer_time: undefined, talk_time: 0 }))[0]).toMatchObject({
      kind: 'voicemail',
      status: 'voicemail',
    });
  });

  it.each([['phone.callee_call_log_completed'], ['phone.caller_call_log_completed']])(
    'acknowledges and ignores %s, which Zoom removed in May 2026',
    (event) => {
      // Prepare
      const body = JSON.stringify({ ...fixture<object>('zoom', 'callee-call-history-completed'), event });
      // Act
      const parsed = zoomProvider.parse(requestOf(body), ctx);
      // Assess
      expect(parsed).toEqual({ type: 'ignored', reason: `unhandled_event:${event}` });
    },
  );

  it('logs a voicemail Zoom ties to no call on its own, with its recording', () => {
    const body = JSON.stringify({
      ...fixture<{ payload: { object: object } }>('zoom', 'voicemail-received'),
      payload: { account_id: 'a', object: { ...fixture<{ payload: { object: object } }>('zoom', 'voicemail-received').payload.object, call_id: undefined } },
    });
    expect(eventOf(zoomProvider.parse(requestOf(body), ctx))).toMatchObject({
      providerEventId: 'voicemail:a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1',
      kind: 'voicemail',
      status: 'voicemail',
      external: { e164: '+12095552345', callerIdName: 'JANE SMITH' },
      firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      recording: { url: 'https://zoom.us/v2/phone/recording/download/a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1', durationSeconds: 22 },
      durationSeconds: 22,
    });
  });

  it('logs a voicemail of a call as that call, before any call history came', () => {
    expect(assemble(fixtureBody('zoom', 'voicemail-received'))[0]).toMatchObject({
      providerEventId: 'call:7006926284340113000',
      kind: 'voicemail',
      status: 'voicemail',
      durationSeconds: 22,
      recording: { url: 'https://zoom.us/v2/phone/recording/download/a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1' },
    });
  });

  it('reads a received SMS', () => {
    expect(parse('sms-received')).toMatchObject({
      providerEventId: 'message:IQ-cRH_NzhYTKWT6pf1BNkUsQ',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Running 10 minutes late.',
      external: { e164: '+12095552345' },
      firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      occurredAt: '2021-10-08T16:16:40.000Z',
    });
  });

  it('reads a sent SMS with its attachment', () => {
    expect(parse('sms-sent')).toMatchObject({
      direction: 'outbound',
      status: 'sent',
      external: { e164: '+12095552345' },
      firm: { userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      media: [{ url: 'https://zoom.us/v2/phone/sms/attachments/att1' }],
    });
  });

  it.each([['phone.callee_ringing'], ['toString'], ['constructor'], ['__proto__']])('ignores %s, an event it does not log', (event) => {
    const body = JSON.stringify({ event, event_ts: 1, payload: { account_id: 'a', object: {} } });
    expect(zoomProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: `unhandled_event:${event}` });
  });

  it('refuses a call history event without call logs', () => {
    const body = JSON.stringify({
      event: 'phone.callee_call_history_completed',
      event_ts: 1,
      payload: { account_id: 'a', object: { user_id: 'u', call_logs: [] } },
    });
    expect(() => zoomProvider.parse(requestOf(body), ctx)).toThrow(ValidationError);
  });
});

describe('Zoom Phone call assembly', () => {
  it.each([['flow-missed-call-flow'], ['flow-queue-answered'], ['flow-forwarded-to-cell'], ['flow-voicemail'], ['flow-recorded-outgoing']])(
    'assembles %s the same in any order, with repeats',
    (name) => {
      const fragments = flowFragments(name);
      const orders = [fragments, [...fragments].reverse(), [...fragments, ...fragments].sort((a, b) => b.eventKey.localeCompare(a.eventKey))].map(assembled);
      expect(orders[1]).toEqual(orders[0]);
      expect(orders[2]).toEqual(orders[0]);
    },
  );

  it('logs a call the auto receptionist and the queue answered, and no member did, as missed, with no user', () => {
    const [call] = assembled(flowFragments('flow-missed-call-flow'));
    expect(call).toMatchObject({ kind: 'call', status: 'missed', firm: { e164: '+14155550199' }, external: { e164: '+14155550100' } });
    expect(call?.durationSeconds).toBeUndefined();
    expect(call?.firm.userRef).toBeUndefined();
  });

  it("counts the talk time of the member who answered the queue, not the queue's, and names that member", () => {
    expect(assembled(flowFragments('flow-queue-answered'))).toEqual([
      expect.objectContaining({ status: 'completed', durationSeconds: 95, firm: { e164: '+14155550199', extension: '102', userRef: 'beth@firm.example' } }),
    ]);
  });

  it('logs a call a lawyer answered on the cell phone Zoom forwarded to as answered by that lawyer, the cell never a party', () => {
    const [call] = assembled(flowFragments('flow-forwarded-to-cell'));
    expect(call).toMatchObject({
      status: 'completed',
      durationSeconds: 95,
      external: { e164: '+14155550100' },
      firm: { e164: '+14155550199', userRef: 'beth@firm.example' },
    });
    expect(JSON.stringify(call)).not.toContain('555-0142');
    expect(JSON.stringify(call)).not.toContain('5550142');
  });

  it("logs the voicemail of a call once, as the call, with the voicemail's link and the mailbox owner, sent again as an amendment should it come late", () => {
    // Prepare
    const ids = flowIds();
    const recording = { url: `https://zoom.us/v2/phone/voice_mails/download/${ids.UUID_B}`, durationSeconds: 22 };
    // Act
    const [call, ...amendments] = assembled(flowFragments('flow-voicemail', ids));
    // Assess: the processor neither adds nor files again the voicemail the log carries
    expect(call).toMatchObject({
      providerEventId: `call:${ids.NUM_A}`,
      kind: 'voicemail',
      status: 'voicemail',
      durationSeconds: 22,
      recording,
      firm: { userRef: 'beth@firm.example' },
    });
    expect(amendments).toEqual([expect.objectContaining({ providerEventId: `voicemail:${ids.UUID_B}`, amends: call?.providerEventId, recording })]);
    expect(amendments[0]?.assembly).toBeUndefined();
  });

  it('adds the voicemail of a call logged before it came (its history said a message was left) to that log', () => {
    // Prepare
    const ids = flowIds();
    const [history, voicemail] = flowFragments('flow-voicemail', ids) as [CallFragment, CallFragment];
    // Act
    const before = assembled([history]);
    const after = assembled([history, voicemail]);
    // Assess: the call's log is the same event, queued once; what the voicemail adds comes as an amendment
    expect(before).toEqual([expect.objectContaining({ providerEventId: `call:${ids.NUM_A}`, kind: 'voicemail', status: 'voicemail' })]);
    expect(before[0]?.recording).toBeUndefined();
    expect(after[0]?.providerEventId).toBe(before[0]?.providerEventId);
    expect(after.slice(1)).toEqual([
      expect.objectContaining({
        providerEventId: `voicemail:${ids.UUID_B}`,
        amends: `call:${ids.NUM_A}`,
        kind: 'voicemail',
        recording: { url: `https://zoom.us/v2/phone/voice_mails/download/${ids.UUID_B}`, durationSeconds: 22 },
      }),
    ]);
  });

  it('adds a recording to the logged call, whether it comes before or after the call history', () => {
    // Prepare
    const ids = flowIds();
    const [history, recording] = flowFragments('flow-recorded-outgoing', ids) as [CallFragment, CallFragment];
    const url = `https://zoom.us/v2/phone/recording/download/${ids.UUID_C}`;
    // Act
    const [call, amendment, ...more] = assembled([history, recording]);
    // Assess
    expect(assembled([recording])).toEqual([]);
    expect(assembled([recording, history])).toEqual(assembled([history, recording]));
    expect(call).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 80,
      firm: { e164: '+14155550199', extension: '102', userRef: 'beth@firm.example' },
    });
    expect(call?.recording).toBeUndefined();
    expect(call?.amends).toBeUndefined();
    expect(amendment).toMatchObject({
      providerEventId: `recording:${ids.UUID_C}`,
      amends: `call:${ids.NUM_A}`,
      recording: { url, durationSeconds: 80 },
      external: call?.external,
    });
    expect(amendment?.assembly).toBeUndefined();
    expect(more).toEqual([]);
  });

  it("adds a voicemail that is not the log's message (left on a call a person answered) to the call", () => {
    // Prepare
    const ids = flowIds();
    const [, voicemail] = flowFragments('flow-voicemail', ids) as [CallFragment, CallFragment];
    const answered = fragmentOf(withElement('callee-call-history-completed', { call_id: ids.NUM_A }));
    // Act
    const [call, ...amendments] = assembled([answered, voicemail]);
    // Assess
    expect(call).toMatchObject({ kind: 'call', status: 'completed' });
    expect(amendments).toEqual([expect.objectContaining({ providerEventId: `voicemail:${ids.UUID_B}`, amends: `call:${ids.NUM_A}` })]);
  });

  it.each([
    ['event', 'ai_receptionist'],
    ['caller_number_type', 'satellite'],
    ['result', 'answered_elsewhere'],
  ])('keeps an unknown %s (%s) and still logs the call its talk time says was answered', (field, value) => {
    const [call] = assemble(withElement('callee-call-history-completed', { [field]: value }));
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 120, unrecognised: [{ field: `call_logs.${field}`, value }] });
    expect(call?.unrecognised?.[0]?.decisive).toBeUndefined();
  });

  it('says an unknown result decides a call no known leg says was answered', () => {
    const [call] = assemble(withElement('callee-call-history-completed', { result: 'handled_by_ai', talk_time: 0, answer_time: undefined }));
    expect(call?.unrecognised).toEqual([{ field: 'call_logs.result', value: 'handled_by_ai', decisive: true }]);
  });

  it('says an unknown extension type that answered decides the call: it may not be a person', () => {
    const [call] = assemble(withElement('callee-call-history-completed', { callee_ext_type: 'ai_agent' }));
    expect(call?.unrecognised).toEqual([{ field: 'call_logs.callee_ext_type', value: 'ai_agent', decisive: true }]);
  });

  it('says an unknown direction decides the call: we cannot tell who called whom', () => {
    const [call] = assemble(withElement('callee-call-history-completed', { direction: 'sideways' }));
    expect(call?.unrecognised).toEqual([{ field: 'call_logs.direction', value: 'sideways', decisive: true }]);
  });
});

type View = { event: string; event_ts: number; payload: { account_id: string; object: { user_id: string; call_logs: Record<string, unknown>[] } } };
const flowViews = (name: string, ids = flowIds()) => loadFlow<View>('zoom', name, ids, '').callbacks;
const fragmentOfView = (view: View, elements: (logs: Record<string, unknown>[]) => Record<string, unknown>[] = (logs) => logs, changes: Partial<View> = {}) =>
  fragmentOf(
    JSON.stringify({
      ...view,
      ...changes,
      payload: { ...view.payload, object: { ...view.payload.object, call_logs: elements(view.payload.object.call_logs) } },
    }),
  );

describe("Zoom Phone: a member's view that says someone else answered", () => {
  it("logs the call answered, with the queue's talk time and nobody named, while the answering member's view has not come", () => {
    // Prepare: only Jan's view, whose leg says answered_by_other
    const [jan] = flowViews('flow-queue-answered') as [View];
    // Act
    const [call] = assembled([fragmentOfView(jan)]);
    // Assess
    expect(call).toMatchObject({ kind: 'call', status: 'completed', durationSeconds: 95, firm: { e164: '+14155550199' } });
    expect(call?.firm.userRef).toBeUndefined();
    expect(call?.firm.extension).toBeUndefined();
  });

  it("waits six settle times for the answering member's view, and the usual settle time once it came", () => {
    // Prepare
    const [jan, beth] = flowViews('flow-queue-answered') as [View, View];
    // Act
    const [alone] = assembled([fragmentOfView(jan)]);
    const [both] = assembled([fragmentOfView(jan), fragmentOfView(beth)]);
    // Assess: ctx receives at 08:10:00 and settles in 20 s
    expect(alone?.assembly?.settleUntil).toBe('2026-01-02T08:12:00.000Z');
    expect(both?.assembly?.settleUntil).toBe('2026-01-02T08:10:20.000Z');
    expect(both).toMatchObject({ status: 'completed', durationSeconds: 95, firm: { extension: '102', userRef: 'beth@firm.example' } });
  });

  it("leaves out the talk time when the queue's leg has none", () => {
    // Prepare
    const [jan] = flowViews('flow-queue-answered') as [View];
    const noTalk = fragmentOfView(jan, (logs) => logs.map((e) => ({ ...e, talk_time: 0, answer_time: undefined })));
    // Act
    const [call] = assembled([noTalk]);
    // Assess
    expect(call).toMatchObject({ status: 'completed' });
    expect(call?.durationSeconds).toBeUndefined();
  });
});

describe('Zoom Phone: who forwarded a call to an outside number', () => {
  const forwardOnly = (logs: Record<string, unknown>[]) => logs.filter((e) => e['event'] === 'forward');

  it("names the user whose extension forwarded it, whichever user's view came last", () => {
    // Prepare: Jan's view tells the same forward leg, and comes after Beth's
    const [beth] = flowViews('flow-forwarded-to-cell') as [View];
    const jan = fragmentOfView(beth, forwardOnly, {
      event_ts: beth.event_ts + 5000,
      payload: { ...beth.payload, object: { ...beth.payload.object, user_id: 'janZoomUser000000001' } },
    });
    // Act
    const orders = [
      [fragmentOfView(beth), jan],
      [jan, fragmentOfView(beth)],
    ].map(assembled);
    // Assess
    expect(orders[0]?.[0]).toMatchObject({ status: 'completed', durationSeconds: 95, firm: { extension: '102', userRef: 'beth@firm.example' } });
    expect(orders[1]).toEqual(orders[0]);
  });

  it('names the forwarding extension by its id when no leg of it came', () => {
    // Prepare
    const [beth] = flowViews('flow-forwarded-to-cell') as [View];
    // Act
    const [call] = assembled([fragmentOfView(beth, forwardOnly)]);
    // Assess
    expect(call).toMatchObject({ status: 'completed', firm: { extension: '102', userRef: 'bethExtId00000000001' } });
  });

  it.each([['call_queue'], ['auto_receptionist']])('names nobody when a %s forwarded it', (operator) => {
    // Prepare
    const [beth] = flowViews('flow-forwarded-to-cell') as [View];
    const byFlow = fragmentOfView(beth, (logs) =>
      logs.map((e) =>
        e['event'] === 'forward' ? { ...e, operator_ext_type: operator, operator_ext_number: '850', operator_ext_id: 'cqExtId0000000000001' } : e,
      ),
    );
    // Act
    const [call] = assembled([byFlow]);
    // Assess
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 95 });
    expect(call?.firm.userRef).toBeUndefined();
  });
});

describe('Zoom Phone: values Zoom adds that cannot decide the call', () => {
  it("keeps an ordinary missed call missed when the auto receptionist's or the queue's leg has an unknown result", () => {
    // Prepare
    const ids = flowIds();
    const views = loadFlow<{ payload: { object: { call_elements: Record<string, unknown>[] } } }>('zoom', 'flow-missed-call-flow', ids, '').callbacks;
    const novel = views.map((view) =>
      fragmentOf(
        JSON.stringify({
          ...view,
          payload: {
            ...view.payload,
            object: {
              ...view.payload.object,
              call_elements: view.payload.object.call_elements.map((e) => (e['callee_ext_type'] === 'user' ? e : { ...e, result: 'routed_by_ai' })),
            },
          },
        }),
      ),
    );
    // Act
    const [call] = assembled(novel);
    // Assess: named by the list the call element events send them in
    expect(call).toMatchObject({ status: 'missed', unrecognised: [{ field: 'call_elements.result', value: 'routed_by_ai' }] });
    expect(call?.unrecognised?.[0]?.decisive).toBeUndefined();
  });

  it("says an unknown result on a rung member's leg decides a call nobody is known to have answered", () => {
    // Prepare
    const ids = flowIds();
    const [jan] = loadFlow<{ payload: { object: { call_elements: Record<string, unknown>[] } } }>('zoom', 'flow-missed-call-flow', ids, '').callbacks;
    const novel = {
      ...jan,
      payload: {
        ...jan?.payload,
        object: {
          ...jan?.payload.object,
          call_elements: jan?.payload.object.call_elements.map((e) => (e['callee_ext_type'] === 'user' ? { ...e, result: 'handled_by_ai' } : e)),
        },
      },
    };
    // Act
    const [call] = assembled([fragmentOf(JSON.stringify(novel))]);
    // Assess
    expect(call?.unrecognised).toEqual([{ field: 'call_elements.result', value: 'handled_by_ai', decisive: true }]);
  });
});

const viewWith = (...elements: Record<string, unknown>[]) => {
  const body = fixture<View>('zoom', 'callee-call-history-completed');
  const [element] = body.payload.object.call_logs;
  return JSON.stringify({
    ...body,
    payload: { ...body.payload, object: { ...body.payload.object, call_logs: elements.map((changes) => ({ ...element, ...changes })) } },
  });
};
const recordingBody = (changes: Record<string, unknown>) =>
  JSON.stringify({
    event: 'phone.recording_completed',
    event_ts: 1796051135000,
    payload: {
      account_id: 'a',
      object: {
        recordings: [
          { id: 'rec-1', call_id: '7006926284340112376', download_url: 'https://zoom.us/v2/phone/recording/download/rec-1', duration: 80, ...changes },
        ],
      },
    },
  });
const voicemailBody = (changes: Record<string, unknown>) => {
  const body = fixture<{ payload: { object: object } }>('zoom', 'voicemail-received');
  return JSON.stringify({ ...body, payload: { ...body.payload, object: { ...body.payload.object, ...changes } } });
};
const smsBody = (changes: Record<string, unknown>) => {
  const body = fixture<{ payload: { object: object } }>('zoom', 'sms-received');
  return JSON.stringify({ ...body, payload: { ...body.payload, object: { ...body.payload.object, ...changes } } });
};
const LONG_ID = 'x'.repeat(129);
const WEEK = 7 * 24 * 3600;

describe('Zoom Phone: signed values no call can have are refused at the edge, never stored', () => {
  it.each([
    ['a call_id of 129 characters', viewWith({ call_id: LONG_ID })],
    ['a talk_time longer than a week', viewWith({ talk_time: WEEK + 1 })],
    ['a negative talk_time', viewWith({ talk_time: -1 })],
    ['a start_time past the year 9999', viewWith({ start_time: '+010000-01-01T00:00:00Z' })],
    ['a start_time that is not a date', viewWith({ start_time: 'yesterday' })],
    ['an end_time that is not a date', viewWith({ end_time: 'later' })],
    ['no result', viewWith({ result: undefined })],
    ['an event_ts past the year 9999', JSON.stringify({ ...fixture<object>('zoom', 'callee-call-history-completed'), event_ts: 253402300800000 })],
    ['a negative event_ts', JSON.stringify({ ...fixture<object>('zoom', 'callee-call-history-completed'), event_ts: -1 })],
    ['an event_ts that is not a number', JSON.stringify({ ...fixture<object>('zoom', 'callee-call-history-completed'), event_ts: '1633709525000' })],
    ['a voicemail id of 129 characters', voicemailBody({ id: LONG_ID })],
    ['a voicemail call_id of 129 characters', voicemailBody({ call_id: LONG_ID })],
    ['a voicemail longer than a week', voicemailBody({ duration: WEEK + 1 })],
    ['a voicemail date past the year 9999', voicemailBody({ date_time: '+010000-01-01T00:00:00Z' })],
    ['a recording id of 129 characters', recordingBody({ id: LONG_ID })],
    ['a recording call_id of 129 characters', recordingBody({ call_id: LONG_ID })],
    ['a recording longer than a week', recordingBody({ duration: WEEK + 1 })],
    ['an SMS message_id of 129 characters', smsBody({ message_id: LONG_ID })],
    ['an SMS date past the year 9999', smsBody({ date_time: '+010000-01-01T00:00:00Z' })],
  ])('refuses %s as a malformed callback', (_what, body) => {
    expect(() => zoomProvider.parse(requestOf(body), ctx)).toThrow(expect.objectContaining({ code: 'malformed_payload' }) as Error);
  });

  it.each([
    ['a call_id of 128 characters', viewWith({ call_id: '7'.repeat(128) })],
    ['a talk_time of a week', viewWith({ talk_time: WEEK })],
    ['the last event_ts of the year 9999', JSON.stringify({ ...fixture<object>('zoom', 'callee-call-history-completed'), event_ts: 253402300799999 })],
  ])('reads %s into a canonical call', (_what, body) => {
    expect(assemble(body)).toHaveLength(1);
  });

  it('reads an empty call_id as no call: a voicemail logged on its own, a recording ignored', () => {
    expect(eventOf(zoomProvider.parse(requestOf(voicemailBody({ call_id: '' })), ctx))).toMatchObject({
      providerEventId: 'voicemail:a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1',
    });
    expect(zoomProvider.parse(requestOf(recordingBody({ call_id: '' })), ctx)).toEqual({ type: 'ignored', reason: 'recording_of_no_call' });
  });

  it('rounds a fractional talk time to whole seconds', () => {
    expect(assemble(viewWith({ talk_time: 80.5 }))[0]).toMatchObject({ status: 'completed', durationSeconds: 81 });
  });

  it('rounds a fractional voicemail and recording length to whole seconds', () => {
    // Act
    const [voicemail] = assemble(voicemailBody({ duration: 22.4 }));
    const [, recording] = assemble(fixtureBody('zoom', 'callee-call-history-completed'), recordingBody({ duration: 79.6 }));
    // Assess
    expect(voicemail).toMatchObject({ durationSeconds: 22, recording: { durationSeconds: 22 } });
    expect(recording).toMatchObject({ recording: { durationSeconds: 80 } });
  });

  it('assembles the call without a fragment stored before these bounds, rather than fail every callback of the call', () => {
    // Prepare: a view with a date no ISO instant can carry, stored as it came
    const good = fragmentOf(fixtureBody('zoom', 'callee-call-history-completed'));
    const hostile: CallFragment = {
      ...good,
      eventKey: 'stored-before',
      data: {
        ...good.data,
        user_id: 'other',
        call_logs: [{ ...(good.data['call_logs'] as object[])[0], start_time: '+275760-09-13T00:00:00Z', talk_time: 1e308 }],
      },
    };
    // Act
    const events = assembled([good, hostile]);
    // Assess
    expect(events).toEqual(assembled([good]));
  });

  it('assembles nothing for a stored call key no event key can hold', () => {
    const good = fragmentOf(fixtureBody('zoom', 'callee-call-history-completed'));
    expect(assembled([{ ...good, data: { ...good.data, call_key: '7'.repeat(300) } }])).toEqual([]);
  });

  it('keeps any number of long unknown values as a canonical event can carry them', () => {
    // Prepare: every enumeration of two legs unknown, each 500 characters
    const fields = ['connect_type', 'direction', 'event', 'result', 'caller_ext_type', 'callee_ext_type', 'caller_number_type', 'callee_number_type'];
    const unknown = (n: number) => Object.fromEntries(fields.map((field) => [field, `${n}${field}`.padEnd(500, 'z')]));
    // Act
    const [call] = assemble(viewWith(unknown(1), { ...unknown(2), start_time: '2021-10-08T16:10:00Z' }));
    // Assess
    expect(call?.unrecognised).toHaveLength(10);
  });
});

describe('Zoom Phone: when the call ended', () => {
  it('is the latest leg end in time, whatever offset Zoom wrote it in', () => {
    // Prepare: the second leg ends at 11:13-05:00, 16:13 UTC: later than the first's 16:12:04Z, though its text sorts first
    const body = viewWith(
      {},
      { start_time: '2021-10-08T16:11:00Z', end_time: '2021-10-08T11:13:00-05:00', result: 'hang_up', talk_time: 0, callee_email: 'kim@example.com' },
    );
    // Act
    const [call] = assemble(body);
    // Assess
    expect(call?.endedAt).toBe('2021-10-08T16:13:00.000Z');
  });
});
