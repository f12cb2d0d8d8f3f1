import { ringCentralProvider } from '../../../shared/adapters/providers/ringcentral/ringcentral.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment } from '../../../shared/ports/webhook-provider.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf, valid } from './support.js';

const TOKEN = 'verification-token-of-the-subscription';
const ctx = contextOf();
const context = { publicUrl: 'https://x', now: new Date() };

interface Notification { uuid: string; body: { parties: { status: Record<string, unknown> }[] } & Record<string, unknown> }
const stream = (name: string) => fixture<Notification[]>('ringcentral', name);
const fragmentsOf = (notifications: readonly Notification[]): CallFragment[] => notifications.map((notification) => {
  const parsed = ringCentralProvider.parse(requestOf(JSON.stringify(notification)), ctx);
  if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
  return parsed.fragment;
});
const assemble = (notifications: readonly Notification[]) => valid(ringCentralProvider.assemble?.(fragmentsOf(notifications), ctx) ?? []);

describe('RingCentral subscription handshake and Verification-Token', () => {
  it('echoes Validation-Token with an empty 200 before anything else is checked', () => {
    // Act
    const answer = ringCentralProvider.handshake?.(requestOf('', { 'validation-token': 'a1b2-c3d4' }), undefined);
    // Assess
    expect(answer).toEqual({ statusCode: 200, headers: { 'Validation-Token': 'a1b2-c3d4', 'content-type': 'application/json' }, body: '' });
  });

  it('leaves a notification without Validation-Token to verification', () => {
    expect(ringCentralProvider.handshake?.(requestOf(fixtureBody('ringcentral', 'instant-message'), { 'verification-token': TOKEN }), TOKEN)).toBeUndefined();
  });

  it('accepts the subscription verification token', () => {
    expect(ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message'), { 'verification-token': TOKEN }), TOKEN, context)).toEqual({ ok: true });
  });

  it('rejects another token', () => {
    expect(ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message'), { 'verification-token': `${TOKEN}x` }), TOKEN, context))
      .toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('says the token is missing when the header is absent', () => {
    expect(ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message')), TOKEN, context)).toMatchObject({ ok: false, code: 'signature_missing' });
  });
});

describe('RingCentral telephony sessions as calls', () => {
  it('stores a session event as a fragment keyed by telephonySessionId', () => {
    expect(fragmentsOf(stream('telephony-session-inbound').slice(0, 1))[0]).toMatchObject({
      eventKey: '4654793329359724763', type: 'telephony.session', occurredAt: '2020-06-23T01:05:43.940Z',
    });
    expect(ringCentralProvider.parse(requestOf(JSON.stringify(stream('telephony-session-inbound')[0])), ctx)).toMatchObject({ callKey: 's-718107795d564867a6f635fd81e89940' });
  });

  it('logs an answered inbound call once every party has disconnected, timed from the user answering', () => {
    // Act
    const events = assemble(stream('telephony-session-inbound'));
    // Assess
    expect(events).toEqual([expect.objectContaining({
      provider: 'ringcentral', providerEventId: 'call:s-718107795d564867a6f635fd81e89940', providerResourceId: 's-718107795d564867a6f635fd81e89940',
      kind: 'call', direction: 'inbound', status: 'completed', durationSeconds: 15,
      external: { raw: '+14083388064', e164: '+14083388064', callerIdName: 'DIBYENDU ROY' }, firm: { e164: '+18003151571', userRef: '809646016' },
      startedAt: '2020-06-23T01:06:00.001Z', endedAt: '2020-06-23T01:06:14.812Z', occurredAt: '2020-06-23T01:06:14.812Z',
    })]);
  });

  it('does not end the call when the IVR leg disconnects while the caller is still on', () => {
    expect(assemble(stream('telephony-session-inbound').slice(0, 4))).toEqual([]);
    expect(assemble(stream('telephony-session-inbound').slice(0, 10))).toEqual([]);
  });

  it('yields the same call whichever order the notifications arrive in, duplicates included', () => {
    const notifications = stream('telephony-session-inbound');
    expect(assemble([...notifications].reverse().concat(notifications.slice(3, 6)))).toEqual(assemble(notifications));
  });

  it('logs an outbound call with the callee as the external party', () => {
    expect(assemble(stream('telephony-session-outbound'))[0]).toMatchObject({
      providerEventId: 'call:s-c23b203d62db4f6aaee00717bafa99be', direction: 'outbound', status: 'completed', durationSeconds: 16,
      external: { e164: '+14083388064' }, firm: { e164: '+18003151571', userRef: '809646016' },
    });
  });

  it('ends a missed call with status missed and no duration', () => {
    // Act
    const [call] = assemble(stream('telephony-session-missed'));
    // Assess
    expect(call).toMatchObject({ direction: 'inbound', status: 'missed', external: { e164: '+14083388064' }, firm: { e164: '+19043014558', userRef: '809646016' } });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it('ends a call that went to voicemail with status voicemail', () => {
    // Prepare
    const notifications = stream('telephony-session-missed');
    const toVoicemail = structuredClone(notifications[2]) as Notification;
    toVoicemail.uuid = '1823485288313944299';
    toVoicemail.body.eventTime = '2020-06-14T19:27:30.000Z';
    const party = toVoicemail.body.parties[0];
    if (party) party.status = { code: 'VoiceMail' };
    // Act
    const [call] = assemble([...notifications, toVoicemail]);
    // Assess
    expect(call?.status).toBe('voicemail');
  });

  it.each([['TargetBusy', 'busy'], ['Rejected', 'rejected'], ['Cancelled', 'canceled'], ['InvalidNumber', 'failed'], ['(none)', 'no_answer']])(
    'reads an unanswered outbound call disconnected with reason %s as %s', (reason, status) => {
      // Prepare: the outbound flow without its Answered notifications, the callee party disconnecting with the reason.
      const notifications = stream('telephony-session-outbound').filter((n) => n.body.parties[0]?.status.code !== 'Answered' && n.body.parties[0]?.status.code !== 'Hold');
      const last = notifications.at(-1)?.body.parties[0];
      if (last && reason !== '(none)') last.status = { code: 'Disconnected', reason };
      // Act + Assess
      expect(assemble(notifications)[0]).toMatchObject({ direction: 'outbound', status });
    });
});

describe('RingCentral message-store events', () => {
  it('reads an inbound SMS with its text and the owning extension as the firm user', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'instant-message')), ctx))).toMatchObject({
      providerEventId: 'message:606090030016', providerResourceId: '606090030016', kind: 'sms', direction: 'inbound', status: 'received', text: 'Hi there',
      external: { e164: '+14157809227', callerIdName: 'John Smith' }, firm: { e164: '+16508974563', userRef: '823476228762' }, occurredAt: '2016-02-22T17:01:00.000Z', media: [],
    });
  });

  it('reads an inbound fax with its PDF and page count', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'fax-message')), ctx))).toMatchObject({
      providerEventId: 'fax:404068973008', kind: 'fax', direction: 'inbound', status: 'received', pageCount: 2, external: { e164: '+14029997777' },
      media: [{ url: 'https://platform.ringcentral.com/restapi/v1.0/account/404161512008/extension/404161514008/message-store/404068973008/content/404068973008', contentType: 'application/pdf' }],
    });
  });

  it('reads a voicemail with its recording and duration', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'voicemail-message')), ctx))).toMatchObject({
      providerEventId: 'voicemail:82063400004', kind: 'voicemail', status: 'voicemail', durationSeconds: 3,
      external: { e164: '+18664320079', callerIdName: 'Jane Doe' }, firm: { userRef: '823476228762' },
      recording: { url: 'https://platform.ringcentral.com/restapi/v1.0/account/14833636004/extension/14833636004/message-store/82063400004/content/82063400004', durationSeconds: 3 },
    });
  });

  it('acknowledges an outbound message still queued', () => {
    const body = fixture<{ body: Record<string, unknown> }>('ringcentral', 'instant-message');
    const queued = { ...body, body: { ...body.body, direction: 'Outbound', messageStatus: 'Queued' } };
    expect(ringCentralProvider.parse(requestOf(JSON.stringify(queued)), ctx)).toEqual({ type: 'ignored', reason: 'non_terminal_message_status:Queued' });
  });

  it('acknowledges a message-store change that names no message', () => {
    const body = JSON.stringify({ uuid: 'u1', event: '/restapi/v1.0/account/~/extension/~/message-store', body: { changes: [{ type: 'SMS', newCount: 1 }] } });
    expect(ringCentralProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'message_store_change_without_details' });
  });

  it('ignores an event filter it does not log', () => {
    const body = JSON.stringify({ uuid: 'u2', event: '/restapi/v1.0/account/~/extension/~/presence', body: { telephonyStatus: 'Ringing' } });
    expect(ringCentralProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'unhandled_event_filter:presence' });
  });

  it('refuses a telephony session event without parties', () => {
    const body = JSON.stringify({ uuid: 'u3', event: '/restapi/v1.0/account/~/telephony/sessions', body: { telephonySessionId: 's-1', eventTime: '2020-01-01T00:00:00Z', parties: [] } });
    expect(() => ringCentralProvider.parse(requestOf(body), ctx)).toThrow(ValidationError);
  });
});
