import { jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { dialpadProvider } from '../../../shared/adapters/providers/dialpad/dialpad.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { contextOf, eventOf, fixture, requestOf } from './support.js';

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

  it('reads the JWT body whatever the Content-Type says', () => {
    expect(dialpadProvider.contentTypes).toEqual(expect.arrayContaining(['application/jwt', 'text/plain', 'application/json']));
    expect(eventOf(dialpadProvider.parse(requestOf(token, { 'content-type': 'text/plain' }), ctx)).kind).toBe('call');
  });
});

describe('Dialpad call events', () => {
  it('reads an answered inbound call from its hangup event, duration from Dialpad milliseconds', () => {
    expect(eventOf(parse('call-hangup-answered'))).toMatchObject({
      provider: 'dialpad', providerEventId: 'call:6421977457180999', providerResourceId: '6421977457180999', kind: 'call', direction: 'inbound',
      status: 'completed', durationSeconds: 123, startedAt: '2024-11-14T22:40:45.404Z', endedAt: '2024-11-14T22:42:48.355Z',
      external: { raw: '+15105550123', e164: '+15105550123', callerIdName: 'Alameda, CA' }, firm: { e164: '+15105550187', userRef: 'ada@example.com' },
    });
  });

  it('reads a hangup that never connected as a missed call', () => {
    const event = eventOf(parse('call-hangup-unanswered'));
    expect(event).toMatchObject({ status: 'missed', providerEventId: 'call:6421977457180672', firm: { userRef: '5527348325810176' } });
    expect(event.durationSeconds).toBeUndefined();
  });

  it('gives the missed state the same key as the hangup of that call, so it is logged once', () => {
    const missed = eventOf(parse('call-missed'));
    expect(missed).toMatchObject({ status: 'missed', providerEventId: eventOf(parse('call-hangup-unanswered')).providerEventId });
  });

  it('reads an unanswered outbound call as no answer', () => {
    expect(eventOf(parse('call-hangup-unanswered', { direction: 'outbound' }))).toMatchObject({ direction: 'outbound', status: 'no_answer', external: { e164: '+15105550123' } });
  });

  it('reads a call with another Dialpad user as internal', () => {
    expect(eventOf(parse('call-hangup-answered', { contact: { id: 1, name: 'Bob', phone: '+15105550144', type: 'user' } })).direction).toBe('internal');
  });

  it('reads a voicemail with its link and transcript', () => {
    expect(eventOf(parse('call-voicemail'))).toMatchObject({
      providerEventId: 'voicemail:6421977457181234', kind: 'voicemail', status: 'voicemail', direction: 'inbound',
      recording: { url: 'https://dialpad.com/r/voicemail/5765834283712512.mp3' }, transcript: 'Hi, this is Sam, please call me back about the lease.',
    });
  });

  it('waits for the voicemail link', () => {
    expect(parse('call-voicemail', { voicemail_link: null })).toEqual({ type: 'ignored', reason: 'voicemail_without_link' });
  });

  it.each([['ringing'], ['connected'], ['recording'], ['call_transcription']])('acknowledges the %s state without logging', (state) => {
    expect(parse('call-hangup-answered', { state })).toEqual({ type: 'ignored', reason: `non_terminal_call_state:${state}` });
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
});

describe('Dialpad payloads it cannot read', () => {
  it('ignores an event that is neither a call nor an SMS', () => {
    expect(dialpadProvider.parse(jwtRequest(signed({ contact_id: 1, event: 'contact.created' })), ctx)).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });

  it('refuses a call event without a direction', () => {
    expect(() => parse('call-hangup-answered', { direction: null })).toThrow(ValidationError);
  });
});
