import { readFileSync } from 'node:fs';
import { jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { dialpadProvider } from '../../../shared/adapters/providers/dialpad/dialpad.provider.js';
import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { contextOf, eventOf, fixture, requestOf, valid } from './support.js';

const SECRET = 'dialpad-webhook-secret';
const ctx = contextOf();
const context = { publicUrl: 'https://x', now: new Date() };

// Dialpad signs the event as the JWT's claims, HS256 with the webhook secret.
const signed = (payload: object, secret = SECRET, options: jwt.SignOptions = {}) => jwt.sign(payload, secret, { algorithm: 'HS256', ...options });
const jwtRequest = (token: string) => requestOf(token, { 'content-type': 'application/jwt' });
const parse = (name: string, changes: Record<string, unknown> = {}) => dialpadProvider.parse(jwtRequest(signed({ ...fixture('dialpad', name), ...changes })), ctx);

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
    expect(dialpadProvider.verify(requestOf(JSON.stringify(fixture('dialpad', 'call-hangup-answered'))), SECRET, context)).toMatchObject({ ok: false, code: 'signature_missing' });
  });

  it('says a token past its exp is stale', () => {
    const expired = signed({ state: 'hangup', exp: Math.floor(Date.now() / 1000) - 60 });
    expect(dialpadProvider.verify(jwtRequest(expired), SECRET, context)).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it('reads the JWT body whatever the Content-Type says: Dialpad\'s docs name none', () => {
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
  return valid(dialpadProvider.assemble?.(fragments.map((f) => f.fragment), context) ?? []);
};
const callOf = (events: readonly CanonicalEvent[]): CanonicalEvent | undefined => events.find((e) => e.amends === undefined);
const fixtureCall = (name: string, changes: Record<string, unknown> = {}) => callOf(assembled([{ ...fixture('dialpad', name), ...changes }]));

const FLOW_IDS: Readonly<Record<string, string>> = { NUM_A: '7100000000000001', NUM_B: '7100000000000002', NUM_C: '7100000000000003' };
/** The callbacks of a flow fixture, its `{NUM_*}` ids filled in. */
const flow = (name: string): Record<string, unknown>[] => {
  const text = readFileSync(new URL(`../../fixtures/providers/dialpad/${name}.json`, import.meta.url), 'utf8')
    .replaceAll(/\{(NUM_[A-D])\}/g, (whole, key: string) => FLOW_IDS[key] ?? whole);
  return (JSON.parse(text) as { callbacks: Record<string, unknown>[] }).callbacks;
};
/** What an assembled call says, without what differs between tellings. */
const gist = (events: readonly CanonicalEvent[]) => events.map(({ correlationId: _c, assembly: _a, ...rest }) => rest);

describe('Dialpad call legs assembled into one call', () => {
  it('logs a department call nobody answered as one missed call for the group, not one per operator', () => {
    // Act
    const events = assembled(flow('flow-missed-department'));
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      providerEventId: 'call:7100000000000001', kind: 'call', direction: 'inbound', status: 'missed',
      external: { e164: '+14155550100', callerIdName: 'Jane Smith' }, firm: { e164: '+14155550199', userRef: '5800000000000001' },
      assembly: { callKey: '7100000000000001', settleUntil: '2026-01-02T08:10:20.000Z' },
    });
    expect(events[0]?.durationSeconds).toBeUndefined();
  });

  it('logs a call-centre call as answered by the agent whose leg connected, with her talk time', () => {
    expect(callOf(assembled(flow('flow-callcenter-answered')))).toMatchObject({
      providerEventId: 'call:7100000000000001', status: 'completed', durationSeconds: 120, firm: { e164: '+14155550199', userRef: 'beth@firm.example' },
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

  it('logs a person leg alone when the group leg never arrives (a subscription for that person only)', () => {
    // Prepare
    const bethOnly = flow('flow-callcenter-answered').filter((c) => c.call_id === FLOW_IDS.NUM_C);
    // Act + Assess
    expect(callOf(assembled(bethOnly))).toMatchObject({ providerEventId: 'call:7100000000000001', status: 'completed', durationSeconds: 120 });
  });

  it('never makes the forwarded leg to the lawyer\'s cell the outside party or a call of its own', () => {
    // Act
    const events = assembled(flow('flow-forwarded-answered'));
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'completed', durationSeconds: 95, external: { e164: '+14155550100' }, firm: { userRef: 'beth@firm.example' } });
    expect(JSON.stringify(events)).not.toContain('555-0142');
    expect(events[0]?.external.raw).not.toContain('0142');
  });

  it('logs a message left as one voicemail with its link and transcript, and no talk time', () => {
    // Act
    const call = callOf(assembled(flow('flow-voicemail')));
    // Assess
    expect(call).toMatchObject({
      providerEventId: 'call:7100000000000001', kind: 'voicemail', status: 'voicemail',
      recording: { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' }, transcript: 'Hi, this is Jane Smith, please call me back about the hearing.',
    });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it('logs the hangup before voicemail_uploaded as missed, and the voicemail then amends it', () => {
    // Prepare
    const callbacks = flow('flow-voicemail');
    // Act
    const early = callOf(assembled(callbacks.filter((c) => c.state !== 'voicemail_uploaded')));
    const late = assembled(callbacks).find((e) => e.amends !== undefined);
    // Assess
    expect(early).toMatchObject({ kind: 'call', status: 'missed' });
    expect(late).toMatchObject({ amends: 'call:7100000000000001', providerEventId: 'voicemail:7100000000000001', recording: { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' } });
  });

  it('carries a recorded call\'s recording link, and amends a call logged before the recording came', () => {
    // Act
    const events = assembled(flow('flow-recorded-outbound'));
    // Assess
    const recording = { url: 'https://dialpad.com/r/recording/5121597331439616.mp3' };
    expect(callOf(events)).toMatchObject({ direction: 'outbound', status: 'completed', durationSeconds: 80, external: { e164: '+14155550100' }, recording });
    expect(events.find((e) => e.amends)).toMatchObject({ amends: 'call:7100000000000001', providerEventId: 'recording:7100000000000001:5121597331439616', recording });
  });

  it('reads an answered inbound call from its hangup event, talk time from Dialpad milliseconds', () => {
    expect(fixtureCall('call-hangup-answered')).toMatchObject({
      provider: 'dialpad', providerEventId: 'call:6421977457180999', providerResourceId: '6421977457180999', kind: 'call', direction: 'inbound',
      status: 'completed', durationSeconds: 123, startedAt: '2024-11-14T22:40:39.404Z', endedAt: '2024-11-14T22:42:48.355Z',
      external: { raw: '+15105550123', e164: '+15105550123', callerIdName: 'Alameda, CA' }, firm: { e164: '+15105550187', userRef: 'ada@example.com' },
    });
  });

  it('reads a hangup that never connected as a missed call', () => {
    const event = fixtureCall('call-hangup-unanswered');
    expect(event).toMatchObject({ status: 'missed', providerEventId: 'call:6421977457180672', firm: { userRef: '5527348325810176' } });
    expect(event?.durationSeconds).toBeUndefined();
  });

  it('gives the missed state and the hangup of that call one call, so it is logged once', () => {
    expect(assembled([fixture('dialpad', 'call-missed'), fixture('dialpad', 'call-hangup-unanswered')])).toEqual([
      expect.objectContaining({ status: 'missed', providerEventId: 'call:6421977457180672' }),
    ]);
  });

  it('reads an unanswered outbound call as no answer', () => {
    expect(fixtureCall('call-hangup-unanswered', { direction: 'outbound' })).toMatchObject({ direction: 'outbound', status: 'no_answer', external: { e164: '+15105550123' } });
  });

  it('reads a call with another Dialpad user as internal', () => {
    expect(fixtureCall('call-hangup-answered', { contact: { id: 1, name: 'Bob', phone: '+15105550144', type: 'user' } })?.direction).toBe('internal');
  });

  it('reads a voicemail with its link and transcript', () => {
    expect(fixtureCall('call-voicemail')).toMatchObject({
      providerEventId: 'call:6421977457181234', kind: 'voicemail', status: 'voicemail', direction: 'inbound',
      recording: { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' }, transcript: 'Hi, this is Sam, please call me back about the lease.',
    });
  });

  it.each([['calling'], ['ringing'], ['connected'], ['recording'], ['call_transcription']])('stores the %s state and logs nothing before the call ends', (state) => {
    expect(assembled([{ ...fixture('dialpad', 'call-hangup-answered'), state }])).toEqual([]);
  });

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
      providerEventId: 'message:6095823680520192', kind: 'sms', direction: 'inbound', status: 'received', text: 'Is the hearing still on Monday?',
      external: { e164: '+15105550166', callerIdName: 'Sam Client' }, firm: { e164: '+15105550187', userRef: '5527348325810176' },
      occurredAt: '2024-11-15T01:04:29.183Z', media: [],
    });
  });

  it('reads a delivered outbound MMS with its media', () => {
    expect(eventOf(parse('sms-outbound'))).toMatchObject({
      direction: 'outbound', status: 'delivered', external: { e164: '+15105550166' }, firm: { e164: '+15105550187', userRef: 'ada@example.com' },
      media: [{ url: 'https://dialpad.com/r/mms/6095823680520999.jpg' }],
    });
  });

  it('acknowledges an outbound SMS still pending', () => {
    expect(parse('sms-outbound', { message_delivery_result: null, message_status: 'pending' })).toEqual({ type: 'ignored', reason: 'non_terminal_message_status:pending' });
  });

  it('logs an outbound SMS that failed, though its delivery result is still pending', () => {
    expect(eventOf(parse('sms-outbound', { message_delivery_result: 'pending', message_status: 'failed' }))).toMatchObject({ direction: 'outbound', status: 'failed' });
  });

  it('logs an outbound SMS with a delivery result it does not know as sent, and keeps the value', () => {
    expect(eventOf(parse('sms-outbound', { message_delivery_result: 'carrier_filtered', message_status: 'sent' }))).toMatchObject({ status: 'sent' });
    expect(eventOf(parse('sms-outbound', { message_delivery_result: 'carrier_filtered', message_status: 'pending' }))).toMatchObject({
      status: 'sent', unrecognised: [{ field: 'message_delivery_result', value: 'carrier_filtered' }],
    });
  });

  it('keeps an SMS direction it does not know as decisive instead of refusing the event', () => {
    expect(eventOf(parse('sms-inbound', { direction: 'broadcast' })).unrecognised).toEqual([{ field: 'direction', value: 'broadcast', decisive: true }]);
  });
});

describe('Dialpad payloads it cannot read', () => {
  it('ignores an event that is neither a call nor an SMS', () => {
    expect(dialpadProvider.parse(jwtRequest(signed({ contact_id: 1, event: 'contact.created' })), ctx)).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });

  it('refuses a call event without a direction', () => {
    expect(() => parse('call-hangup-answered', { direction: null })).toThrow(ValidationError);
  });
});
