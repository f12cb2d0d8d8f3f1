import { readFileSync } from 'node:fs';
import { jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { dialpadProvider } from '../../../shared/adapters/providers/dialpad/dialpad.provider.js';
import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment } from '../../../shared/ports/webhook-provider.js';
import { contextOf, eventOf, fixture, requestOf, valid } from './support.js';

const SECRET = 'dialpad-webhook-secret';
const ctx = contextOf();
const context = { publicUrl: 'https://x', now: new Date() };

// Dialpad signs the event as the JWT's claims, HS256 with the webhook secret.
const signed = (payload: object, secret = SECRET, options: jwt.SignOptions = {}) => jwt.sign(payload, secret, { algorithm: 'HS256', ...options });
const jwtRequest = (token: string) => requestOf(token, { 'content-type': 'application/jwt' });
const parse = (name: string, changes: Record<string, unknown> = {}) =>
  dialpadProvider.parse(jwtRequest(signed({ ...fixture('dialpad', name), ...changes })), ctx);

describe('Dialpad webhook JWT', () => {
  const token = signed(fixture('dialpad', 'call-hangup-answered'));

  it('accepts an HS256 JWT signed with the webhook secret, as jose does', async () => {
    expect(dialpadProvider.verify(jwtRequest(token), SECRET, context)).toEqual({ ok: true });
    await expect(jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] })).resolves.toMatchObject({ payload: { state: 'hangup' } });
  });

  it('rejects a token whose payload was altered, as jose does', async () => {
    // Prepare
    const [header, , signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...fixture('dialpad', 'call-hangup-answered'), state: 'missed' })).toString('base64url');
    const tampered = `${header}.${altered}.${signature}`;
    // Act + Assess
    expect(dialpadProvider.verify(jwtRequest(tampered), SECRET, context)).toMatchObject({ ok: false, code: 'signature_invalid' });
    await expect(jwtVerify(tampered, new TextEncoder().encode(SECRET))).rejects.toThrow();
  });

  it('rejects a token signed with another secret', () => {
    expect(dialpadProvider.verify(jwtRequest(signed({ state: 'hangup' }, 'other')), SECRET, context)).toMatchObject({ code: 'signature_invalid' });
  });

  it('rejects an unsigned token (alg none)', () => {
    const none = jwt.sign({ state: 'hangup' }, '', { algorithm: 'none' });
    expect(dialpadProvider.verify(jwtRequest(`${none}AAAA`), SECRET, context)).toMatchObject({ code: 'signature_invalid' });
  });

  it('says the signature is missing when the body is plain JSON', () => {
    expect(dialpadProvider.verify(requestOf(JSON.stringify(fixture('dialpad', 'call-hangup-answered'))), SECRET, context)).toMatchObject({
      ok: false,
      code: 'signature_missing',
    });
  });

  it('says a token past its exp is stale', () => {
    const expired = signed({ state: 'hangup', exp: Math.floor(Date.now() / 1000) - 60 });
    expect(dialpadProvider.verify(jwtRequest(expired), SECRET, context)).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it("reads the JWT body whatever the Content-Type says: Dialpad's docs name none", () => {
    expect(dialpadProvider.contentTypes).toBe('any');
    expect(dialpadProvider.parse(requestOf(token, { 'content-type': 'text/plain' }), ctx)).toMatchObject({ type: 'fragment', callKey: '6421977457180999' });
  });
});

/** What Dialpad's events of one call add up to, fed to the assembly in the order given. */
const assembled = (payloads: readonly object[], context = ctx): CanonicalEvent[] => {
  const fragments = payloads.map((payload) => {
    const parsed = dialpadProvider.parse(jwtRequest(signed(payload)), context);
    if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
    return parsed;
  });
  const [firstFragment] = fragments;
  if (firstFragment) expect(fragments.every((f) => f.callKey === firstFragment.callKey)).toBe(true);
  return valid(
    dialpadProvider.assemble?.(
      fragments.map((f) => f.fragment),
      context,
    ) ?? [],
  );
};
const callOf = (events: readonly CanonicalEvent[]): CanonicalEvent | undefined => events.find((e) => e.amends === undefined);
const fixtureCall = (name: string, changes: Record<string, unknown> = {}) => callOf(assembled([{ ...fixture('dialpad', name), ...changes }]));

const FLOW_IDS: Readonly<Record<string, string>> = { NUM_A: '7100000000000001', NUM_B: '7100000000000002', NUM_C: '7100000000000003' };
/** The callbacks of a flow fixture, its `{NUM_*}` ids filled in. */
const flow = (name: string): Record<string, unknown>[] => {
  const text = readFileSync(new URL(`../../fixtures/providers/dialpad/${name}.json`, import.meta.url), 'utf8').replaceAll(
    /\{(NUM_[A-D])\}/g,
    (whole, key: string) => FLOW_IDS[key] ?? whole,
  );
  return (JSON.parse(text) as { callbacks: Record<string, unknown>[] }).callbacks;
};
/** What an assembled call says, without what differs between tellings. */
const gist = (events: readonly CanonicalEvent[]) => events.map(({ correlationId: _c, assembly: _a, ...rest }) => rest);

describe('Dialpad call legs assembled into one call', () => {
  it('logs a department call nobody answered as one missed call for the firm, not one per operator, and no Clio user', () => {
    // Act
    const events = assembled(flow('flow-missed-department'));
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      providerEventId: 'call:7100000000000001',
      kind: 'call',
      direction: 'inbound',
      status: 'missed',
      external: { e164: '+14155550100', callerIdName: 'Jane Smith' },
      firm: { e164: '+14155550199' },
      assembly: { callKey: '7100000000000001', settleUntil: '2026-01-02T08:10:20.000Z' },
    });
    expect(events[0]?.durationSeconds).toBeUndefined();
    expect(events[0]?.firm.userRef).toBeUndefined();
  });

  it('logs a call-centre call as answered by the agent whose leg connected, with her talk time', () => {
    // Act + Assess
    expect(callOf(assembled(flow('flow-callcenter-answered')))).toMatchObject({
      providerEventId: 'call:7100000000000001',
      status: 'completed',
      durationSeconds: 120,
      firm: { e164: '+14155550199', userRef: 'beth@firm.example' },
    });
  });

  it('gives the same call whatever order the legs and states arrive in, and with repeats', () => {
    // Prepare
    const callbacks = flow('flow-callcenter-answered');
    const expected = gist(assembled(callbacks));
    // Act + Assess
    expect(gist(assembled([...callbacks].reverse()))).toEqual(expected);
    expect(gist(assembled([...callbacks.slice(4), ...callbacks, ...callbacks.slice(0, 4)]))).toEqual(expected);
  });

  it('waits while the caller is still on the entry point, though an operator has hung up', () => {
    // Prepare: the call centre's leg is connected, Alex's leg ended
    const callbacks = flow('flow-callcenter-answered').filter((c) => c.state !== 'hangup' || c.call_id === FLOW_IDS.NUM_B);
    // Act + Assess
    expect(assembled(callbacks)).toEqual([]);
  });

  it("waits for the group's leg while only an operator who missed the call has ended, though another answered", () => {
    // Prepare: Alex's leg rang and ended; the call centre's leg and Beth's, who answers, have not reached us yet
    const alexOnly = flow('flow-callcenter-answered').filter((c) => c.call_id === FLOW_IDS.NUM_B);
    // Act + Assess
    expect(assembled(alexOnly)).toEqual([]);
  });

  it("logs no call from a person's legs alone when they name a group leg that never arrives (a subscription for one person)", () => {
    // Prepare
    const bethOnly = flow('flow-callcenter-answered').filter((c) => c.call_id === FLOW_IDS.NUM_C);
    // Act + Assess
    expect(assembled(bethOnly)).toEqual([]);
  });

  it("never logs a leg forwarded from an operator's leg, naming only that leg as master_call_id, as a call of its own", () => {
    // Prepare: Beth's leg of the call centre's call forwards to her cell; Dialpad names only her leg on the cell's
    const forwarded = flow('flow-forwarded-answered')
      .filter((c) => c.call_id === FLOW_IDS.NUM_B)
      .map((c) => ({ ...c, master_call_id: FLOW_IDS.NUM_C }));
    // Act + Assess
    expect(assembled(forwarded)).toEqual([]);
  });

  it("never makes the forwarded leg to the lawyer's cell the outside party or a call of its own", () => {
    // Act
    const events = assembled(flow('flow-forwarded-answered'));
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'completed', durationSeconds: 95, external: { e164: '+14155550100' }, firm: { userRef: 'beth@firm.example' } });
    expect(JSON.stringify(events)).not.toContain('555-0142');
    expect(events[0]?.external.raw).not.toContain('0142');
  });

  it('logs a message left as one voicemail with its link and transcript, for the person called, and no talk time', () => {
    // Act
    const events = assembled(flow('flow-voicemail'));
    // Assess
    const recording = { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' };
    expect(events).toEqual([
      expect.objectContaining({
        providerEventId: 'call:7100000000000001',
        kind: 'voicemail',
        status: 'voicemail',
        firm: { e164: '+14155550199', userRef: 'beth@firm.example' },
        recording,
        transcript: 'Hi, this is Jane Smith, please call me back about the hearing.',
      }),
      // Sent again should the upload come after the call was logged; the processor files it once.
      expect.objectContaining({ amends: 'call:7100000000000001', recording }),
    ]);
    expect(events[0]?.durationSeconds).toBeUndefined();
  });

  it('settles a call whose leg is in the voicemail state without its link six windows later (2 min at 20 s), so the upload decides it', () => {
    // Prepare
    const beforeUpload = flow('flow-voicemail').filter((c) => c.state !== 'voicemail_uploaded');
    // Act
    const early = callOf(assembled(beforeUpload));
    // Assess
    expect(early).toMatchObject({ kind: 'call', status: 'missed', assembly: { settleUntil: '2026-01-02T08:12:00.000Z' } });
  });

  it('logs no talk time for a leg the voicemail box connected', () => {
    // Prepare: Dialpad dates the voicemail box's pick-up as date_connected; the upload has not come yet
    const callbacks = flow('flow-voicemail')
      .filter((c) => c.state !== 'voicemail_uploaded')
      .map((c) => (c.state === 'voicemail' || c.state === 'hangup' ? { ...c, date_connected: 1796051005000 } : c));
    // Act
    const call = callOf(assembled(callbacks));
    // Assess
    expect(call).toMatchObject({ status: 'missed' });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it("carries a recorded call's recording link on its log, and sends it as an amendment too (the processor files it once)", () => {
    // Act
    const events = assembled(flow('flow-recorded-outbound'));
    // Assess
    const recording = { url: 'https://dialpad.com/r/recording/5121597331439616.mp3' };
    expect(events).toEqual([
      expect.objectContaining({
        direction: 'outbound',
        status: 'completed',
        durationSeconds: 80,
        external: expect.objectContaining({ e164: '+14155550100' }) as unknown,
        recording,
      }),
      expect.objectContaining({ amends: events[0]?.providerEventId, recording }),
    ]);
  });

  it('amends the call with each later recording, known by its link when Dialpad gives it no id', () => {
    // Prepare: two recording events of one leg, each with one recording without an id
    const callbacks = flow('flow-recorded-outbound');
    const recorded = callbacks.find((c) => c.state === 'recording') ?? {};
    const withoutId = (url: string, at: number) => ({ ...recorded, event_timestamp: at, recording_details: [{ recording_type: 'callrecording', url }] });
    // Act
    const events = assembled([
      ...callbacks.filter((c) => c !== recorded),
      withoutId('https://dialpad.com/r/recording/a.mp3', 1796051073000),
      withoutId('https://dialpad.com/r/recording/b.mp3', 1796051080000),
    ]);
    // Assess
    expect(callOf(events)?.recording).toEqual({ url: 'https://dialpad.com/r/recording/a.mp3' });
    expect(events.filter((e) => e.amends)).toEqual([
      expect.objectContaining({ amends: 'call:7100000000000001', recording: { url: 'https://dialpad.com/r/recording/a.mp3' } }),
      expect.objectContaining({ amends: 'call:7100000000000001', recording: { url: 'https://dialpad.com/r/recording/b.mp3' } }),
    ]);
  });

  it('reads an answered inbound call from its hangup event, talk time from Dialpad milliseconds', () => {
    expect(fixtureCall('call-hangup-answered')).toMatchObject({
      provider: 'dialpad',
      providerEventId: 'call:6421977457180999',
      providerResourceId: '6421977457180999',
      kind: 'call',
      direction: 'inbound',
      status: 'completed',
      durationSeconds: 123,
      startedAt: '2024-11-14T22:40:39.404Z',
      endedAt: '2024-11-14T22:42:48.355Z',
      external: { raw: '+15105550123', e164: '+15105550123', callerIdName: 'Alameda, CA' },
      firm: { e164: '+15105550187', userRef: 'ada@example.com' },
    });
  });

  it('reads a hangup that never connected as a missed call of the office, which is no Clio user', () => {
    // Act
    const event = fixtureCall('call-hangup-unanswered');
    // Assess
    expect(event).toMatchObject({ status: 'missed', providerEventId: 'call:6421977457180672', firm: { e164: '+15105550187' } });
    expect(event?.firm.userRef).toBeUndefined();
    expect(event?.durationSeconds).toBeUndefined();
  });

  it('gives the missed state and the hangup of that call one call, so it is logged once', () => {
    expect(assembled([fixture('dialpad', 'call-missed'), fixture('dialpad', 'call-hangup-unanswered')])).toEqual([
      expect.objectContaining({ status: 'missed', providerEventId: 'call:6421977457180672' }),
    ]);
  });

  it('reads an unanswered outbound call as no answer', () => {
    expect(fixtureCall('call-hangup-unanswered', { direction: 'outbound' })).toMatchObject({
      direction: 'outbound',
      status: 'no_answer',
      external: { e164: '+15105550123' },
    });
  });

  it('reads a call with another Dialpad user as internal', () => {
    expect(fixtureCall('call-hangup-answered', { contact: { id: 1, name: 'Bob', phone: '+15105550144', type: 'user' } })?.direction).toBe('internal');
  });

  it('reads a voicemail with its link and transcript', () => {
    expect(fixtureCall('call-voicemail')).toMatchObject({
      providerEventId: 'call:6421977457181234',
      kind: 'voicemail',
      status: 'voicemail',
      direction: 'inbound',
      recording: { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' },
      transcript: 'Hi, this is Sam, please call me back about the lease.',
    });
  });

  it.each([['calling'], ['ringing'], ['connected'], ['recording'], ['call_transcription']])(
    'stores the %s state and logs nothing before the call ends',
    (state) => {
      expect(assembled([{ ...fixture('dialpad', 'call-hangup-answered'), state }])).toEqual([]);
    },
  );

  it('keeps a state it does not know, and still logs the call', () => {
    // Act
    const events = assembled([{ ...fixture('dialpad', 'call-hangup-answered'), state: 'holographic' }, fixture('dialpad', 'call-hangup-answered')]);
    // Assess
    expect(callOf(events)).toMatchObject({ status: 'completed', unrecognised: [{ field: 'state', value: 'holographic' }] });
  });

  it('keeps a contact type it does not know without letting it decide the log', () => {
    const call = fixtureCall('call-hangup-answered', { contact: { name: 'Sam', phone: '+15105550123', type: 'zoho' } });
    expect(call).toMatchObject({ direction: 'inbound', unrecognised: [{ field: 'contact.type', value: 'zoho' }] });
  });

  it('takes a direction it does not know as decisive: nothing says who called whom', () => {
    expect(fixtureCall('call-hangup-answered', { direction: 'sideways' })?.unrecognised).toEqual([{ field: 'direction', value: 'sideways', decisive: true }]);
  });
});

describe('Dialpad SMS events', () => {
  it('reads an inbound SMS', () => {
    expect(eventOf(parse('sms-inbound'))).toMatchObject({
      providerEventId: 'message:6095823680520192',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Is the hearing still on Monday?',
      external: { e164: '+15105550166', callerIdName: 'Sam Client' },
      firm: { e164: '+15105550187', userRef: '5527348325810176' },
      occurredAt: '2024-11-15T01:04:29.183Z',
      media: [],
    });
  });

  it('reads a delivered outbound MMS with its media', () => {
    expect(eventOf(parse('sms-outbound'))).toMatchObject({
      direction: 'outbound',
      status: 'delivered',
      external: { e164: '+15105550166' },
      firm: { e164: '+15105550187', userRef: 'ada@example.com' },
      media: [{ url: 'https://dialpad.com/r/mms/6095823680520999.jpg' }],
    });
  });

  it('acknowledges an outbound SMS still pending', () => {
    expect(parse('sms-outbound', { message_delivery_result: null, message_status: 'pending' })).toEqual({
      type: 'ignored',
      reason: 'non_terminal_message_status:pending',
    });
  });

  it('logs an outbound SMS that failed, though its delivery result is still pending', () => {
    expect(eventOf(parse('sms-outbound', { message_delivery_result: 'pending', message_status: 'failed' }))).toMatchObject({
      direction: 'outbound',
      status: 'failed',
    });
  });

  it.each([['sent'], ['pending']])('logs an outbound SMS with a delivery result it does not know (status %s) as sent, and keeps the value', (status) => {
    // Act
    const event = eventOf(parse('sms-outbound', { message_delivery_result: 'carrier_filtered', message_status: status }));
    // Assess
    expect(event).toMatchObject({ status: 'sent', unrecognised: [{ field: 'message_delivery_result', value: 'carrier_filtered' }] });
  });

  it('keeps an SMS direction it does not know as decisive instead of refusing the event', () => {
    expect(eventOf(parse('sms-inbound', { direction: 'broadcast' })).unrecognised).toEqual([{ field: 'direction', value: 'broadcast', decisive: true }]);
  });
});

describe('Dialpad payloads it cannot read', () => {
  it('ignores an event that is neither a call nor an SMS', () => {
    expect(dialpadProvider.parse(jwtRequest(signed({ contact_id: 1, event: 'contact.created' })), ctx)).toEqual({
      type: 'ignored',
      reason: 'unrecognised_callback',
    });
  });

  it('refuses a call event without a direction', () => {
    expect(() => parse('call-hangup-answered', { direction: null })).toThrow(ValidationError);
  });

  it.each([
    ['date_ended', 1e20],
    ['date_started', '999999999999999'],
    ['event_timestamp', -1],
    ['duration', 1e20],
  ])('refuses a call event whose %s (%s) is no date or duration in years 1970–9999, as malformed (400), not a 500', (field, value) => {
    expect(() => parse('call-hangup-answered', { [field]: value })).toThrow(ValidationError);
  });

  it('refuses an SMS event whose date is no date in years 1970–9999', () => {
    expect(() => parse('sms-inbound', { created_date: 1e20 })).toThrow(ValidationError);
  });

  it('assembles stored events whatever they hold: one that is no call event with real dates is left out, never thrown on', () => {
    // Prepare: fragments stored before dates were bounded, or damaged in storage
    const good = dialpadProvider.parse(jwtRequest(signed(fixture('dialpad', 'call-hangup-answered'))), ctx);
    if (good.type !== 'fragment') throw new Error('expected a fragment');
    const stored: CallFragment[] = [
      good.fragment,
      { ...good.fragment, eventKey: 'far-future', data: { ...good.fragment.data, state: 'recording', date_ended: 1e20, duration: 1e20 } },
      { ...good.fragment, eventKey: 'undated', occurredAt: 'not a date' },
    ];
    // Act
    const events = valid(dialpadProvider.assemble?.(stored, ctx) ?? []);
    // Assess
    expect(events).toEqual([expect.objectContaining({ status: 'completed', durationSeconds: 123, endedAt: '2024-11-14T22:42:48.355Z' })]);
  });
});
