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
  return JSON.stringify({ ...body, payload: { ...body.payload, object: { ...body.payload.object, user_id: userId ?? body.payload.object.user_id, call_logs: [{ ...element, ...changes }] } } });
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
    expect(zoomProvider.verify(requestOf(tampered, zoomSigned(body, at)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('rejects a signature made with another secret', () => {
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, at, 'other')), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ code: 'signature_invalid' });
  });

  it('says the timestamp is stale when it is more than 300 s from our clock', () => {
    const stale = String(now.getTime() / 1000 - 301);
    expect(zoomProvider.verify(requestOf(body, zoomSigned(body, stale)), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'timestamp_stale' });
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
      type: 'fragment', callKey: '7006926284340112376', fragment: { type: 'phone.callee_call_history_completed', occurredAt: '2021-10-08T16:12:05.000Z' },
    });
  });

  it('gives a callback the same key on every delivery, and another user\'s view another key', () => {
    const body = fixtureBody('zoom', 'callee-call-history-completed');
    expect(fragmentOf(body).eventKey).toBe(fragmentOf(body).eventKey);
    expect(fragmentOf(withElement('callee-call-history-completed', {}, 'someone-else')).eventKey).not.toBe(fragmentOf(body).eventKey);
  });

  it('files the legs of a direct transfer (call_id with a _n suffix) under the call', () => {
    expect(zoomProvider.parse(requestOf(withElement('callee-call-history-completed', { call_id: '7006926284340112376_1' })), ctx)).toMatchObject({ callKey: '7006926284340112376' });
  });

  it('reads an answered inbound call from the callee call history', () => {
    expect(assemble(fixtureBody('zoom', 'callee-call-history-completed'))).toEqual([expect.objectContaining({
      provider: 'zoom', providerEventId: 'call:7006926284340112376', providerResourceId: '7006926284340112376', kind: 'call', direction: 'inbound',
      status: 'completed', durationSeconds: 120, startedAt: '2021-10-08T16:09:58.000Z', endedAt: '2021-10-08T16:12:04.000Z',
      external: { raw: '+12095552345', e164: '+12095552345', callerIdName: 'JANE SMITH' },
      firm: { e164: '+12135551234', extension: '101', userRef: 'jan.dev@example.com' },
      assembly: { callKey: '7006926284340112376', settleUntil: '2026-01-02T08:10:20.000Z' },
    })]);
  });

  it('reads an unanswered outbound call from the caller call history', () => {
    const [event] = assemble(fixtureBody('zoom', 'caller-call-history-completed'));
    expect(event).toMatchObject({ direction: 'outbound', status: 'no_answer', external: { e164: '+12095552345' }, firm: { e164: '+12135551234', userRef: 'jan.dev@example.com' } });
    expect(event?.durationSeconds).toBeUndefined();
  });

  it('assembles the caller\'s and the callee\'s view of one internal call into one event, its talk time once', () => {
    const internal = { connect_type: 'internal' };
    const calleeView = withElement('callee-call-history-completed', internal);
    const callerView = JSON.stringify({ ...JSON.parse(calleeView) as object, event: 'phone.caller_call_history_completed' }).replace('"event":"incoming"', '"event":"outgoing"').replace('"direction":"inbound"', '"direction":"outbound"');
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
    expect(assemble(withElement('callee-call-history-completed', { result: 'voicemail', answer_time: undefined, talk_time: 0 }))[0]).toMatchObject({ kind: 'voicemail', status: 'voicemail' });
  });

  it('reads the legacy call log event as the same call', () => {
    expect(assemble(fixtureBody('zoom', 'callee-call-log-completed'))[0]).toMatchObject({
      providerEventId: 'call:7006926284340112376', direction: 'inbound', status: 'completed', durationSeconds: 120,
      external: { e164: '+12095552345', callerIdName: 'JANE SMITH' }, firm: { e164: '+12135551234', extension: '101', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
    });
  });

  it('prefers the call history over the legacy call log of the same call, whatever came first', () => {
    const legacy = fragmentOf(fixtureBody('zoom', 'callee-call-log-completed'));
    const history = fragmentOf(fixtureBody('zoom', 'callee-call-history-completed'));
    expect(assembled([legacy, history])).toEqual(assembled([history, legacy]));
    expect(assembled([legacy, history])[0]).toMatchObject({ durationSeconds: 120, firm: { userRef: 'jan.dev@example.com' } });
  });

  it('logs a voicemail Zoom ties to no call on its own, with its recording', () => {
    const body = JSON.stringify({ ...fixture<{ payload: { object: object } }>('zoom', 'voicemail-received'), payload: { account_id: 'a', object: { ...fixture<{ payload: { object: object } }>('zoom', 'voicemail-received').payload.object, call_id: undefined } } });
    expect(eventOf(zoomProvider.parse(requestOf(body), ctx))).toMatchObject({
      providerEventId: 'voicemail:a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1', kind: 'voicemail', status: 'voicemail',
      external: { e164: '+12095552345', callerIdName: 'JANE SMITH' }, firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      recording: { url: 'https://zoom.us/v2/phone/recording/download/a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1', durationSeconds: 22 }, durationSeconds: 22,
    });
  });

  it('logs a voicemail of a call as that call, before any call history came', () => {
    expect(assemble(fixtureBody('zoom', 'voicemail-received'))[0]).toMatchObject({
      providerEventId: 'call:7006926284340113000', kind: 'voicemail', status: 'voicemail', durationSeconds: 22,
      recording: { url: 'https://zoom.us/v2/phone/recording/download/a6f8a7b0e3b84c3c8ac2b0f8f6f2b9a1' },
    });
  });

  it('reads a received SMS', () => {
    expect(parse('sms-received')).toMatchObject({
      providerEventId: 'message:IQ-cRH_NzhYTKWT6pf1BNkUsQ', kind: 'sms', direction: 'inbound', status: 'received', text: 'Running 10 minutes late.',
      external: { e164: '+12095552345' }, firm: { e164: '+12135551234', userRef: 'DnEopNmXQEGU2uvvzjgojw' }, occurredAt: '2021-10-08T16:16:40.000Z',
    });
  });

  it('reads a sent SMS with its attachment', () => {
    expect(parse('sms-sent')).toMatchObject({
      direction: 'outbound', status: 'sent', external: { e164: '+12095552345' }, firm: { userRef: 'DnEopNmXQEGU2uvvzjgojw' },
      media: [{ url: 'https://zoom.us/v2/phone/sms/attachments/att1' }],
    });
  });

  it('ignores an event it does not log', () => {
    const body = JSON.stringify({ event: 'phone.callee_ringing', event_ts: 1, payload: { account_id: 'a', object: {} } });
    expect(zoomProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'unhandled_event:phone.callee_ringing' });
  });

  it('refuses a call history event without call logs', () => {
    const body = JSON.stringify({ event: 'phone.callee_call_history_completed', event_ts: 1, payload: { account_id: 'a', object: { user_id: 'u', call_logs: [] } } });
    expect(() => zoomProvider.parse(requestOf(body), ctx)).toThrow(ValidationError);
  });
});

describe('Zoom Phone call assembly', () => {
  it.each([['flow-missed-call-flow'], ['flow-queue-answered'], ['flow-forwarded-to-cell'], ['flow-voicemail'], ['flow-recorded-outgoing']])('assembles %s the same in any order, with repeats', (name) => {
    const fragments = flowFragments(name);
    const orders = [fragments, [...fragments].reverse(), [...fragments, ...fragments].sort((a, b) => b.eventKey.localeCompare(a.eventKey))].map(assembled);
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
  });

  it('logs a call the auto receptionist and the queue answered, and no member did, as missed, with no user', () => {
    const [call] = assembled(flowFragments('flow-missed-call-flow'));
    expect(call).toMatchObject({ kind: 'call', status: 'missed', firm: { e164: '+14155550199' }, external: { e164: '+14155550100' } });
    expect(call?.durationSeconds).toBeUndefined();
    expect(call?.firm.userRef).toBeUndefined();
  });

  it('counts the talk time of the member who answered the queue, not the queue\'s, and names that member', () => {
    expect(assembled(flowFragments('flow-queue-answered'))).toEqual([expect.objectContaining({ status: 'completed', durationSeconds: 95, firm: { e164: '+14155550199', extension: '102', userRef: 'beth@firm.example' } })]);
  });

  it('logs a call a lawyer answered on the cell phone Zoom forwarded to as answered by that lawyer, the cell never a party', () => {
    const [call] = assembled(flowFragments('flow-forwarded-to-cell'));
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 95, external: { e164: '+14155550100' }, firm: { e164: '+14155550199', userRef: 'beth@firm.example' } });
    expect(JSON.stringify(call)).not.toContain('555-0142');
    expect(JSON.stringify(call)).not.toContain('5550142');
  });

  it('logs the voicemail of a call once, as the call, with the voicemail\'s link and the mailbox owner', () => {
    const ids = flowIds();
    const [call, ...amendments] = assembled(flowFragments('flow-voicemail', ids));
    expect(call).toMatchObject({ providerEventId: `call:${ids.NUM_A}`, kind: 'voicemail', status: 'voicemail', durationSeconds: 22, recording: { url: `https://zoom.us/v2/phone/voice_mails/download/${ids.UUID_B}` }, firm: { userRef: 'beth@firm.example' } });
    expect(amendments).toEqual([expect.objectContaining({ providerEventId: `voicemail:${ids.UUID_B}`, amends: `call:${ids.NUM_A}`, kind: 'voicemail' })]);
  });

  it('puts a recording on the call, and amends the logged call with it when it comes late', () => {
    const ids = flowIds();
    const [history, recording] = flowFragments('flow-recorded-outgoing', ids) as [CallFragment, CallFragment];
    expect(assembled([recording])).toEqual([]);
    const [call, amendment] = assembled([history, recording]);
    const url = `https://zoom.us/v2/phone/recording/download/${ids.UUID_C}`;
    expect(call).toMatchObject({ direction: 'outbound', status: 'completed', durationSeconds: 80, recording: { url, durationSeconds: 80 }, firm: { e164: '+14155550199', extension: '102', userRef: 'beth@firm.example' } });
    expect(call?.amends).toBeUndefined();
    expect(amendment).toMatchObject({ providerEventId: `recording:${ids.UUID_C}`, amends: `call:${ids.NUM_A}`, recording: { url }, external: call?.external });
    expect(amendment?.assembly).toBeUndefined();
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
