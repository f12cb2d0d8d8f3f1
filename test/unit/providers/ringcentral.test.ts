import { ringCentralProvider } from '../../../shared/adapters/providers/ringcentral/ringcentral.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment } from '../../../shared/ports/webhook-provider.js';
import { ARRIVAL_ORDERS, flowIds, loadFlow, type FlowIds } from '../../support/call-flows.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf, valid } from './support.js';

const TOKEN = 'verification-token-of-the-subscription';
const ctx = contextOf();
const context = { publicUrl: 'https://x', now: new Date() };

interface Notification {
  uuid: string;
  body: { parties: { status: Record<string, unknown> }[] } & Record<string, unknown>;
}
const stream = (name: string) => fixture<Notification[]>('ringcentral', name);
const fragmentsOf = (notifications: readonly Notification[]): CallFragment[] =>
  notifications.map((notification) => {
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
    expect(ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message'), { 'verification-token': TOKEN }), TOKEN, context)).toEqual({
      ok: true,
    });
  });

  it('rejects another token', () => {
    expect(
      ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message'), { 'verification-token': `${TOKEN}x` }), TOKEN, context),
    ).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('says the token is missing when the header is absent', () => {
    expect(ringCentralProvider.verify(requestOf(fixtureBody('ringcentral', 'instant-message')), TOKEN, context)).toMatchObject({
      ok: false,
      code: 'signature_missing',
    });
  });
});

describe('RingCentral telephony sessions as calls', () => {
  it('stores a session event as a fragment keyed by telephonySessionId', () => {
    expect(fragmentsOf(stream('telephony-session-inbound').slice(0, 1))[0]).toMatchObject({
      eventKey: '4654793329359724763',
      type: 'telephony.session',
      occurredAt: '2020-06-23T01:05:43.940Z',
    });
    expect(ringCentralProvider.parse(requestOf(JSON.stringify(stream('telephony-session-inbound')[0])), ctx)).toMatchObject({
      callKey: 's-718107795d564867a6f635fd81e89940',
    });
  });

  it('logs an answered inbound call once every party has disconnected, started when the caller rang and timed from the user answering', () => {
    // Act
    const events = assemble(stream('telephony-session-inbound'));
    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        provider: 'ringcentral',
        providerEventId: 'call:s-718107795d564867a6f635fd81e89940',
        providerResourceId: 's-718107795d564867a6f635fd81e89940',
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        durationSeconds: 15,
        external: { raw: '+14083388064', e164: '+14083388064', callerIdName: 'DIBYENDU ROY' },
        firm: { e164: '+18003151571', userRef: '809646016' },
        startedAt: '2020-06-23T01:05:43.940Z',
        endedAt: '2020-06-23T01:06:14.812Z',
        occurredAt: '2020-06-23T01:06:14.812Z',
      }),
    ]);
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
      providerEventId: 'call:s-c23b203d62db4f6aaee00717bafa99be',
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 16,
      external: { e164: '+14083388064' },
      firm: { e164: '+18003151571', userRef: '809646016' },
    });
  });

  it('ends a missed call with status missed and no duration', () => {
    // Act
    const [call] = assemble(stream('telephony-session-missed'));
    // Assess
    expect(call).toMatchObject({
      direction: 'inbound',
      status: 'missed',
      external: { e164: '+14083388064' },
      firm: { e164: '+19043014558', userRef: '809646016' },
    });
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

  it("reads a session that reports no Outbound party as a call in from the rung party's caller", () => {
    // Prepare: the caller's own party is never reported, only the firm's parties it rang
    const notifications = stream('telephony-session-inbound').filter((n) => !JSON.stringify(n.body).includes('"direction":"Outbound"'));
    // Act
    const [call] = assemble(notifications);
    // Assess
    expect(call).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      external: { e164: '+14083388064' },
      firm: { e164: '+18003151571', userRef: '809646016' },
    });
  });

  it("does not count an outbound call as answered because the user's own party was", () => {
    // Prepare: the user's device reports Answered as the call is set up; the callee never answers
    const notifications = stream('telephony-session-outbound').filter(
      (n) => !(n.body.parties[0]?.status.code === 'Answered' && JSON.stringify(n.body).includes('"direction":"Inbound"')),
    );
    // Act
    const [call] = assemble(notifications);
    // Assess
    expect(call).toMatchObject({ direction: 'outbound', status: 'no_answer' });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it.each([
    ['TargetBusy', 'busy'],
    ['Rejected', 'rejected'],
    ['Cancelled', 'canceled'],
    ['InvalidNumber', 'failed'],
    ['(none)', 'no_answer'],
  ])('reads an unanswered outbound call disconnected with reason %s as %s', (reason, status) => {
    // Prepare: the outbound flow without its Answered notifications, the callee party disconnecting with the reason.
    const notifications = stream('telephony-session-outbound').filter(
      (n) => n.body.parties[0]?.status.code !== 'Answered' && n.body.parties[0]?.status.code !== 'Hold',
    );
    const last = notifications.at(-1)?.body.parties[0];
    if (last && reason !== '(none)') last.status = { code: 'Disconnected', reason };
    // Act + Assess
    expect(assemble(notifications)[0]).toMatchObject({ direction: 'outbound', status });
  });
});

describe('RingCentral message-store events', () => {
  it('reads an inbound SMS with its text and the owning extension as the firm user', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'instant-message')), ctx))).toMatchObject({
      providerEventId: 'message:606090030016',
      providerResourceId: '606090030016',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Hi there',
      external: { e164: '+14157809227', callerIdName: 'John Smith' },
      firm: { e164: '+16508974563', userRef: '823476228762' },
      occurredAt: '2016-02-22T17:01:00.000Z',
      media: [],
    });
  });

  it('reads an inbound fax with its PDF and page count', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'fax-message')), ctx))).toMatchObject({
      providerEventId: 'fax:404068973008',
      kind: 'fax',
      direction: 'inbound',
      status: 'received',
      pageCount: 2,
      external: { e164: '+14029997777' },
      media: [
        {
          url: 'https://platform.ringcentral.com/restapi/v1.0/account/404161512008/extension/404161514008/message-store/404068973008/content/404068973008',
          contentType: 'application/pdf',
        },
      ],
    });
  });

  it('reads a voicemail with its recording and duration', () => {
    expect(eventOf(ringCentralProvider.parse(requestOf(fixtureBody('ringcentral', 'voicemail-message')), ctx))).toMatchObject({
      providerEventId: 'voicemail:82063400004',
      kind: 'voicemail',
      status: 'voicemail',
      durationSeconds: 3,
      external: { e164: '+18664320079', callerIdName: 'Jane Doe' },
      firm: { userRef: '823476228762' },
      recording: {
        url: 'https://platform.ringcentral.com/restapi/v1.0/account/14833636004/extension/14833636004/message-store/82063400004/content/82063400004',
        durationSeconds: 3,
      },
    });
  });

  it('acknowledges an outbound message still queued', () => {
    const body = fixture<{ body: Record<string, unknown> }>('ringcentral', 'instant-message');
    const queued = { ...body, body: { ...body.body, direction: 'Outbound', messageStatus: 'Queued' } };
    expect(ringCentralProvider.parse(requestOf(JSON.stringify(queued)), ctx)).toEqual({ type: 'ignored', reason: 'non_terminal_message_status:Queued' });
  });

  it('acknowledges a message-store change that names no new SMS', () => {
    const body = JSON.stringify({
      uuid: 'u1',
      event: '/restapi/v1.0/account/~/extension/~/message-store',
      body: {
        changes: [
          { type: 'SMS', updatedCount: 1 },
          { type: 'Fax', newCount: 1, newMessageIds: [5] },
        ],
      },
    });
    expect(ringCentralProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'message_store_change_without_new_sms' });
  });

  it('ignores an event filter it does not log', () => {
    const body = JSON.stringify({ uuid: 'u2', event: '/restapi/v1.0/account/~/extension/~/presence', body: { telephonyStatus: 'Ringing' } });
    expect(ringCentralProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: 'unhandled_event_filter:presence' });
  });

  it.each([
    ['a date past year 9999', { eventTime: '+010000-01-01T00:00:00Z' }],
    ['a date that is not one', { eventTime: 'yesterday' }],
    ['an account id that is a path', { accountId: '../../../oauth' }],
    ['a session id too long for an event key', { telephonySessionId: `s-${'a'.repeat(200)}` }],
  ])('refuses, before it is stored, a telephony session event with %s', (_what, change) => {
    // Prepare
    const [notification] = stream('telephony-session-inbound');
    const body = JSON.stringify({ ...notification, body: { ...notification?.body, ...change } });
    // Act
    const parse = () => ringCentralProvider.parse(requestOf(body), ctx);
    // Assess
    expect(parse).toThrow(ValidationError);
  });

  it('refuses a party whose account id is not one RingCentral issues', () => {
    // Prepare
    const [notification] = stream('telephony-session-inbound');
    const parties = notification?.body.parties.map((party) => ({ ...party, accountId: '1/../../extension' }));
    // Act
    const parse = () => ringCentralProvider.parse(requestOf(JSON.stringify({ ...notification, body: { ...notification?.body, parties } })), ctx);
    // Assess
    expect(parse).toThrow(ValidationError);
  });

  it('refuses a telephony session event without parties', () => {
    const body = JSON.stringify({
      uuid: 'u3',
      event: '/restapi/v1.0/account/~/telephony/sessions',
      body: { telephonySessionId: 's-1', eventTime: '2020-01-01T00:00:00Z', parties: [] },
    });
    expect(() => ringCentralProvider.parse(requestOf(body), ctx)).toThrow(ValidationError);
  });
});

/** A flow fixture's callbacks, parsed as the ingest parses them. */
const flowFragments = (name: string, ids: FlowIds = flowIds()): CallFragment[] =>
  loadFlow<unknown>('ringcentral', name, ids, 'https://x').callbacks.flatMap((callback) => {
    const parsed = ringCentralProvider.parse(requestOf(JSON.stringify(callback)), ctx);
    return parsed.type === 'fragment' ? [parsed.fragment] : [];
  });
const assembled = (fragments: readonly CallFragment[]) => valid(ringCentralProvider.assemble?.(fragments, ctx) ?? []);
const callOf = (fragments: readonly CallFragment[]) => assembled(fragments).find((e) => e.providerEventId.startsWith('call:'));

describe("RingCentral calls through the firm's call flow (flow fixtures)", () => {
  it('logs a call the auto-receptionist and queue answered but no person did as missed, with no duration', () => {
    // Act
    const call = callOf(flowFragments('flow-missed-via-queue'));
    // Assess
    expect(call).toMatchObject({ kind: 'call', direction: 'inbound', status: 'missed', external: { e164: '+14155550100' }, firm: { e164: '+14155550199' } });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it("logs a call answered on the lawyer's forwarded cell as inbound from the caller, never internal, the cell never a party", () => {
    // Act
    const call = callOf(flowFragments('flow-answered-forwarded-to-cell'));
    // Assess
    expect(call).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      durationSeconds: 95,
      external: { e164: '+14155550100', callerIdName: 'JANE SMITH' },
      firm: { e164: '+14155550199', userRef: '62991001' },
    });
    expect(JSON.stringify(call)).not.toContain('555014');
  });

  it('logs a queue call as answered by the member who answered, timed from her answer to her hang-up', () => {
    expect(callOf(flowFragments('flow-queue-answered'))).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      durationSeconds: 120,
      firm: { userRef: '62991002' },
    });
  });

  it.each(Object.keys(ARRIVAL_ORDERS) as (keyof typeof ARRIVAL_ORDERS)[])('assembles the same call whatever the arrival order (%s)', (order) => {
    const fragments = flowFragments('flow-queue-answered');
    expect(callOf(ARRIVAL_ORDERS[order](fragments))).toEqual(callOf(fragments));
  });

  it('waits for every party to leave before it says anything', () => {
    expect(assembled(flowFragments('flow-queue-answered').slice(0, -1))).toEqual([]);
  });

  it('lets the call settle, since notifications arrive out of sequence', () => {
    expect(callOf(flowFragments('flow-missed-via-queue'))?.assembly).toEqual({
      callKey: expect.stringMatching(/^s-/) as string,
      settleUntil: '2026-01-02T08:10:20.000Z',
    });
  });

  it('marks a session that went to voicemail so that only its voicemail message is logged, even when the VoiceMail status comes last', () => {
    // Prepare: the status that decides it arrives after both parties said they disconnected
    const fragments = flowFragments('flow-voicemail');
    const decisive = fragments.find((f) => JSON.stringify(f.data).includes('"VoiceMail"'));
    const early = fragments.filter((f) => f !== decisive);
    // Act
    const before = callOf(early);
    const after = callOf([...early, ...(decisive ? [decisive] : [])]);
    // Assess
    expect(before).toMatchObject({ kind: 'call', status: 'missed' });
    expect(before?.skip).toBeUndefined();
    expect(after).toMatchObject({ kind: 'voicemail', status: 'voicemail', skip: { reason: 'logged_by_its_message' } });
  });

  it('marks a session that received a fax so that only its fax message is logged', () => {
    expect(callOf(flowFragments('flow-inbound-fax'))).toMatchObject({ kind: 'fax', skip: { reason: 'logged_by_its_message' } });
  });

  it('puts a recording on the call, and amends the logged call with it should it come late', () => {
    // Prepare
    const ids = flowIds();
    // Act
    const events = assembled(flowFragments('flow-recorded-call', ids));
    // Assess
    const url = `https://media.ringcentral.com/restapi/v1.0/account/37439510/recording/${ids.NUM_B}/content`;
    expect(events).toEqual([
      expect.objectContaining({
        providerEventId: `call:s-${ids.RUN}`,
        direction: 'outbound',
        status: 'completed',
        durationSeconds: 80,
        recording: { url },
        external: { raw: '+14155550100', e164: '+14155550100' },
      }),
      expect.objectContaining({ providerEventId: `recording:${ids.NUM_B}`, amends: `call:s-${ids.RUN}`, recording: { url } }),
    ]);
    expect(events[1]?.assembly).toBeUndefined();
  });

  it("drops a recording whose id is not RingCentral's, and keeps at most 20 a party, never failing the call", () => {
    // Prepare: every recorded party lists a recording id that is a path, then 25 good ones
    const ids = flowIds();
    const listed = [{ id: '../../../extension/1/message-store' }, ...Array.from({ length: 25 }, (_, i) => ({ id: String(9000 + i) }))];
    const fragments = loadFlow<{ body: { parties: { recordings?: unknown[] }[] } }>('ringcentral', 'flow-recorded-call', ids, 'https://x').callbacks.flatMap(
      (callback) => {
        for (const party of callback.body.parties) if (party.recordings) party.recordings = listed;
        const parsed = ringCentralProvider.parse(requestOf(JSON.stringify(callback)), ctx);
        return parsed.type === 'fragment' ? [parsed.fragment] : [];
      },
    );
    // Act
    const events = assembled(fragments);
    // Assess
    expect(events[0]).toMatchObject({
      providerEventId: `call:s-${ids.RUN}`,
      status: 'completed',
      recording: { url: 'https://media.ringcentral.com/restapi/v1.0/account/37439510/recording/9000/content' },
    });
    const recordings = events.filter((e) => e.amends !== undefined);
    expect(recordings).toHaveLength(20);
    expect(
      recordings.every((e) =>
        /^https:\/\/media\.ringcentral\.com\/restapi\/v1\.0\/account\/37439510\/recording\/90\d\d\/content$/.test(e.recording?.url ?? ''),
      ),
    ).toBe(true);
  });

  it('keeps a status code it does not know, without letting it decide the call', () => {
    // Prepare
    const fragments = flowFragments('flow-queue-answered');
    const holding = fragments.find((f) => JSON.stringify(f.data).includes('"Hold"'));
    const renamed = holding
      ? { ...holding, data: JSON.parse(JSON.stringify(holding.data).replace('"Hold"', '"Whispering"')) as Record<string, unknown> }
      : undefined;
    // Act
    const call = callOf([...fragments.filter((f) => f !== holding), ...(renamed ? [renamed] : [])]);
    // Assess
    expect(call).toMatchObject({ status: 'completed', unrecognised: [{ field: 'parties.status.code', value: 'Whispering' }] });
    expect(call?.unrecognised?.[0]?.decisive).toBeUndefined();
  });
});

describe('RingCentral message-store changes', () => {
  const change = (event: string, changes: unknown[]) =>
    JSON.stringify({ uuid: 'u-change', event, ownerId: '62991001', body: { extensionId: '62991001', lastUpdated: '2026-03-02T15:00:00.500Z', changes } });

  it('keeps a change naming a new SMS as a fragment that becomes one unread SMS event keyed as the instant event is', () => {
    // Act
    const parsed = ringCentralProvider.parse(
      requestOf(change('/restapi/v1.0/account/~/extension/62991001/message-store', [{ type: 'SMS', newCount: 1, newMessageIds: [606090030016] }])),
      ctx,
    );
    if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
    const [sms] = assembled([parsed.fragment]);
    // Assess
    expect(sms).toMatchObject({
      providerEventId: 'message:606090030016',
      providerResourceId: '606090030016',
      kind: 'sms',
      direction: 'outbound',
      external: { raw: '' },
      firm: { userRef: '62991001' },
      skip: { reason: 'message_unreadable' },
    });
    expect(sms?.assembly).toBeUndefined();
  });

  it('takes the direction a filter names', () => {
    const parsed = ringCentralProvider.parse(
      requestOf(change('/restapi/v1.0/account/~/extension/62991001/message-store?type=SMS&direction=Inbound', [{ type: 'SMS', newMessageIds: ['9'] }])),
      ctx,
    );
    if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
    expect(assembled([parsed.fragment])[0]).toMatchObject({ direction: 'inbound', status: 'received' });
  });

  it.each(['VoiceMail', 'Voicemail', 'voicemail'])('reads a message of type %s as a voicemail', (type) => {
    const body = fixture<{ body: Record<string, unknown> }>('ringcentral', 'voicemail-message');
    expect(eventOf(ringCentralProvider.parse(requestOf(JSON.stringify({ ...body, body: { ...body.body, type } })), ctx))).toMatchObject({
      kind: 'voicemail',
      recording: { durationSeconds: 3 },
    });
  });
});
