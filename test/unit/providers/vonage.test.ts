import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import jwt from 'jsonwebtoken';
import { vonageE164 } from '../../../shared/adapters/providers/vonage/vonage.payload.js';
import { vonageProvider } from '../../../shared/adapters/providers/vonage/vonage.provider.js';
import type { CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment, ParsedWebhook } from '../../../shared/ports/webhook-provider.js';
import { flowIds, loadFlow, type FlowIds } from '../../support/call-flows.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf, valid } from './support.js';

const SECRET = 'vonage-signature-secret';
const now = new Date('2026-01-02T08:10:00Z');
const ctx = contextOf();

// Vonage signs callbacks with the account signature secret: HS256 with the body's SHA-256 in payload_hash.
const bearer = (body: string, { secret = SECRET, iat = now.getTime() / 1000 } = {}) => ({
  authorization: `Bearer ${jwt.sign(
    {
      api_key: 'aaaaaaaa',
      application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      iat,
      jti: 'b7b0c1a5-0f0d-4b9a-9a52-4a9d1f5e0c11',
      payload_hash: createHash('sha256').update(body).digest('hex'),
    },
    secret,
    { algorithm: 'HS256' },
  )}`,
});
const tokenOf = (headers: { authorization: string }) => headers.authorization.slice('Bearer '.length);
const parse = (name: string, changes: Record<string, unknown> = {}) =>
  vonageProvider.parse(requestOf(JSON.stringify({ ...fixture('vonage', name), ...changes })), ctx);

describe('Vonage signed webhooks (Bearer JWT with payload_hash)', () => {
  const body = fixtureBody('vonage', 'voice-completed');

  it('accepts a JWT by the signature secret whose payload_hash is the body, as @vonage/jwt does', () => {
    // Prepare
    const headers = bearer(body);
    // Act + Assess
    expect(vonageProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toEqual({ ok: true });
    expect(verifySignature(tokenOf(headers), SECRET)).toBe(true);
  });

  it('rejects a tampered body even though the JWT itself still verifies', () => {
    // Prepare
    const headers = bearer(body);
    const tampered = body.replace('"5"', '"500"');
    // Act + Assess
    expect(vonageProvider.verify(requestOf(tampered, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      ok: false,
      code: 'signature_invalid',
    });
    expect(verifySignature(tokenOf(headers), SECRET)).toBe(true);
  });

  it('rejects a JWT signed with another secret', () => {
    expect(vonageProvider.verify(requestOf(body, bearer(body, { secret: 'other' })), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      code: 'signature_invalid',
    });
  });

  it('says the JWT is stale when iat is more than 300 s from our clock', () => {
    const headers = bearer(body, { iat: now.getTime() / 1000 - 301 });
    expect(vonageProvider.verify(requestOf(body, headers), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it('says the signature is missing without an Authorization bearer token', () => {
    expect(vonageProvider.verify(requestOf(body), SECRET, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'signature_missing' });
    expect(vonageProvider.verify(requestOf(body, { authorization: 'Basic dXNlcjpwYXNz' }), SECRET, { publicUrl: 'https://x', now })).toMatchObject({
      code: 'signature_missing',
    });
  });
});

describe('Vonage numbers without +', () => {
  it.each([
    ['14155550100', 'US', '+14155550100'],
    ['14155550100', 'GB', '+14155550100'],
    ['442079460000', 'US', '+442079460000'],
    ['4155550100', 'US', '+14155550100'],
    // libphonenumber refuses Ofcom's drama range, which Vonage's own examples use.
    ['447700900000', 'GB', undefined],
  ])('reads %s (default country %s) as %s', (raw, country, e164) => {
    expect(vonageE164(raw, country)).toBe(e164);
  });
});

const fragmentOf = (parsed: ParsedWebhook): CallFragment => {
  if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
  return parsed.fragment;
};

/** A flow's callbacks as the ingest stores them: each parsed, in the order given. */
const flowOf = (name: string, ids: FlowIds = flowIds()) => loadFlow<Record<string, unknown>>('vonage', name, ids, 'https://hooks.example.com/vonage').callbacks;
const fragmentsOf = (callbacks: readonly Record<string, unknown>[], context = ctx): CallFragment[] =>
  callbacks.map((callback) => fragmentOf(vonageProvider.parse(requestOf(JSON.stringify(callback)), context)));
const assembled = (fragments: readonly CallFragment[], context = ctx): CanonicalEvent[] => valid(vonageProvider.assemble?.(fragments, context) ?? []);
const callOf = (name: string, context = ctx, ids = flowIds()) => assembled(fragmentsOf(flowOf(name, ids), context), context)[0];
/** The lawyer's cell and Beth's app user, as a firm maps them (docs/providers/vonage.md). */
const mappedCtx = contextOf({ userMappings: { '+14155550142': 345, beth: 346 } });

describe('Vonage call-leg events are fragments of their conversation', () => {
  it.each([['started'], ['ringing'], ['answered'], ['completed'], ['unanswered'], ['timeout']])(
    'stores a %s event under its conversation_uuid, keyed by leg and status',
    (status) => {
      // Act
      const parsed = parse('voice-unanswered', { status });
      // Assess
      expect(parsed).toMatchObject({
        type: 'fragment',
        callKey: 'CON-bbbbbbbb-cccc-dddd-eeee-0123456789ab',
        fragment: { eventKey: `bbbbbbbb-cccc-dddd-eeee-0123456789ab:${status}`, type: status },
      });
    },
  );

  it('stores a status Vonage adds later instead of refusing it', () => {
    expect(parse('voice-ringing', { status: 'on_hold', direction: undefined })).toMatchObject({ type: 'fragment', fragment: { type: 'on_hold' } });
  });

  it("keeps a leg's unknown direction on the log, which the other legs still decide", () => {
    // Prepare: the lawyer's leg rings with a direction Vonage has not documented
    const callbacks = flowOf('flow-answered-forwarded').map((c) => (c.to === '14155550142' && c.status === 'ringing' ? { ...c, direction: 'sideways' } : c));
    // Act
    const call = assembled(fragmentsOf(callbacks))[0];
    // Assess
    expect(call).toMatchObject({ direction: 'inbound', status: 'completed', durationSeconds: 95, unrecognised: [{ field: 'direction', value: 'sideways' }] });
  });

  it("acknowledges a WebSocket's disconnected event (documented, and nothing to the log) instead of keeping it as unrecognised", () => {
    // Prepare: developer.vonage.com/en/voice/voice-api/concepts/websockets, "Websocket disconnected"
    const disconnected = {
      from: '442079460000',
      to: 'wss://example.com/socket',
      uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      conversation_uuid: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      status: 'disconnected',
      timestamp: '2020-03-31T12:00:00.000Z',
    };
    // Act + Assess
    expect(vonageProvider.parse(requestOf(JSON.stringify(disconnected)), ctx)).toEqual({ type: 'ignored', reason: 'websocket_disconnected' });
  });

  it('refuses a documented leg status without a direction, which every one of them carries', () => {
    expect(() => parse('voice-completed', { direction: undefined })).toThrow(ValidationError);
  });

  it('stores a record event (recording_url, no status) under its conversation', () => {
    // Prepare
    const record = {
      recording_url: 'https://api-us.nexmo.com/v1/files/aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      recording_uuid: 'rec-1',
      conversation_uuid: 'CON-1',
      start_time: '2020-01-01T12:00:00.000Z',
      end_time: '2020-01-01T12:00:14.000Z',
      size: 1000,
    };
    // Act
    const parsed = vonageProvider.parse(requestOf(JSON.stringify(record)), ctx);
    // Assess
    expect(parsed).toMatchObject({ type: 'fragment', callKey: 'CON-1', fragment: { eventKey: 'record:rec-1', type: 'record' } });
  });

  it('acknowledges an input event and a callback it does not recognise', () => {
    expect(
      vonageProvider.parse(requestOf(JSON.stringify({ dtmf: { digits: '1' }, conversation_uuid: 'CON-1', timestamp: '2020-01-01T12:00:00.000Z' })), ctx),
    ).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });
});

describe('Vonage conversations assembled into one truthful log (docs/providers/vonage.md)', () => {
  it('logs a call the NCCO answered but nobody took as missed, without a duration', () => {
    // Act
    const call = callOf('flow-missed-via-ncco');
    // Assess
    expect(call).toMatchObject({ kind: 'call', direction: 'inbound', status: 'missed', external: { e164: '+14155550100' }, firm: { e164: '+14155550199' } });
    expect(call?.durationSeconds).toBeUndefined();
    expect(call?.firm.userRef).toBeUndefined();
  });

  it('logs the forwarded leg the lawyer answered as one inbound call with its talk time, the lawyer as the firm user', () => {
    // Prepare
    const ids = flowIds();
    // Act
    const events = assembled(fragmentsOf(flowOf('flow-answered-forwarded', ids)));
    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        providerEventId: `call:CON-${ids.UUID_A}`,
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        durationSeconds: 95,
        external: { raw: '14155550100', e164: '+14155550100' },
        firm: { e164: '+14155550199', userRef: '+14155550142' },
        startedAt: '2026-11-30T15:03:00.000Z',
        endedAt: '2026-11-30T15:04:47.000Z',
        assembly: expect.objectContaining({ callKey: `CON-${ids.UUID_A}` }) as unknown,
      }),
    ]);
  });

  it('logs a department hunt (group desk set, a busy member, the app user who answers) as one call answered by that user', () => {
    expect(callOf('flow-department-hunt')).toMatchObject({ direction: 'inbound', status: 'completed', durationSeconds: 60, firm: { userRef: 'beth' } });
  });

  it('logs a message recorded after the connect went unanswered as one voicemail with its recording, sent again as an amendment should it come late', () => {
    // Prepare
    const ids = flowIds();
    const recording = { url: `https://api-us.nexmo.com/v1/files/${ids.UUID_D}`, durationSeconds: 14 };
    // Act
    const events = assembled(fragmentsOf(flowOf('flow-voicemail', ids)));
    // Assess
    expect(events).toEqual([
      expect.objectContaining({ kind: 'voicemail', status: 'voicemail', direction: 'inbound', recording }),
      expect.objectContaining({ amends: events[0]?.providerEventId, recording }),
    ]);
  });

  it('puts the recording of an answered call on its log, and sends it as an amendment too (the processor files it once)', () => {
    // Prepare
    const ids = flowIds();
    const callbacks = flowOf('flow-recorded-call', ids);
    // Act
    const before = assembled(fragmentsOf(callbacks.filter((c) => !('recording_url' in c))));
    const after = assembled(fragmentsOf(callbacks));
    // Assess
    expect(before).toHaveLength(1);
    expect(before[0]?.recording).toBeUndefined();
    const recording = { url: `https://api-us.nexmo.com/v1/files/${ids.UUID_D}`, durationSeconds: 87 };
    expect(after).toEqual([
      expect.objectContaining({ kind: 'call', status: 'completed', durationSeconds: 80, recording }),
      expect.objectContaining({ amends: after[0]?.providerEventId, recording }),
    ]);
  });

  it('amends the log with every recording, the one it carries first', () => {
    // Prepare: the NCCO records the conversation twice (two record actions)
    const ids = flowIds();
    const callbacks = flowOf('flow-recorded-call', ids);
    const record = callbacks.find((c) => 'recording_url' in c) ?? {};
    const second = {
      ...record,
      recording_uuid: ids.UUID_C,
      recording_url: `https://api-us.nexmo.com/v1/files/${ids.UUID_C}`,
      timestamp: '2026-11-30T15:04:31.000Z',
      end_time: '2026-11-30T15:04:30.000Z',
    };
    // Act
    const [call, ...amendments] = assembled(fragmentsOf([...callbacks, second]));
    // Assess
    expect(call?.recording?.url).toBe(`https://api-us.nexmo.com/v1/files/${ids.UUID_D}`);
    expect(amendments).toEqual([
      expect.objectContaining({
        amends: call?.providerEventId,
        recording: expect.objectContaining({ url: `https://api-us.nexmo.com/v1/files/${ids.UUID_D}` }) as unknown,
      }),
      expect.objectContaining({
        amends: call?.providerEventId,
        providerEventId: `recording:record:${ids.UUID_C}`,
        recording: expect.objectContaining({ url: `https://api-us.nexmo.com/v1/files/${ids.UUID_C}` }) as unknown,
      }),
    ]);
  });

  it("logs a click-to-call as an outgoing call to the client, the lawyer's mapped cell as the firm user", () => {
    expect(callOf('flow-click-to-call', mappedCtx)).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 64,
      external: { e164: '+14155550100' },
      firm: { e164: '+14155550199', userRef: '+14155550142' },
    });
  });

  it("takes the client's leg as the later one of a click-to-call even when the lawyer's cell is not mapped", () => {
    expect(callOf('flow-click-to-call')).toMatchObject({ direction: 'outbound', external: { e164: '+14155550100' } });
  });

  it("logs a call the firm's app placed straight to the client (one outbound leg) with the leg's duration", () => {
    expect(assembled(fragmentsOf([fixture('vonage', 'voice-completed')]))[0]).toMatchObject({
      providerEventId: 'call:CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 5,
      startedAt: '2020-01-01T12:00:00.000Z',
      endedAt: '2020-01-01T12:00:05.000Z',
      external: { raw: '14155550100', e164: '+14155550100' },
      firm: { e164: '+442079460000' },
    });
  });

  it('logs the documented unanswered outbound leg as an unanswered outgoing call', () => {
    expect(assembled(fragmentsOf([fixture('vonage', 'voice-unanswered')]))[0]).toMatchObject({
      direction: 'outbound',
      status: 'no_answer',
      external: { e164: '+14155550100' },
    });
  });

  it("logs a Client SDK user's call to a phone as outgoing, placed by that user", () => {
    expect(callOf('flow-app-outgoing')).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 44,
      external: { e164: '+14155550100' },
      firm: { userRef: 'beth' },
    });
  });

  it.each([
    ['busy', 'busy'],
    ['unanswered', 'no_answer'],
    ['timeout', 'no_answer'],
    ['cancelled', 'canceled'],
    ['rejected', 'rejected'],
    ['failed', 'failed'],
  ])('logs an outgoing call whose client leg ended %s as %s, without talk time', (status, expected) => {
    // Prepare: the client's leg ends unanswered; the lawyer's leg completes
    const callbacks = flowOf('flow-click-to-call')
      .filter((c) => !(c.to === '14155550100' && (c.status === 'answered' || c.status === 'completed')))
      .map((c) => (c.to === '14155550100' && c.status === 'ringing' ? { ...c, status } : c));
    // Act
    const call = assembled(fragmentsOf(callbacks))[0];
    // Assess
    expect(call).toMatchObject({ direction: 'outbound', status: expected });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it.each([
    'flow-missed-via-ncco',
    'flow-answered-forwarded',
    'flow-department-hunt',
    'flow-voicemail',
    'flow-recorded-call',
    'flow-click-to-call',
    'flow-app-outgoing',
  ])('assembles %s the same in any order, with repeats', (name) => {
    // Prepare
    const fragments = fragmentsOf(flowOf(name));
    // Act
    const orders = [fragments, [...fragments].reverse(), [...fragments, ...fragments].sort((a, b) => a.eventKey.localeCompare(b.eventKey))].map((f) =>
      assembled(f),
    );
    // Assess
    const strip = (events: CanonicalEvent[]) => events.map(({ assembly: _a, ...rest }) => rest);
    expect(strip(orders[1] ?? [])).toEqual(strip(orders[0] ?? []));
    expect(strip(orders[2] ?? [])).toEqual(strip(orders[0] ?? []));
  });

  it("logs nothing until the caller's leg has ended, whatever the lawyer's leg did", () => {
    // Prepare
    const callbacks = flowOf('flow-answered-forwarded').filter((c) => !(c.direction === 'inbound' && c.status === 'completed'));
    // Act + Assess
    expect(assembled(fragmentsOf(callbacks))).toEqual([]);
  });

  it('does not take a leg the NCCO connected to a WebSocket (a recorder, a bot) for a person answering', () => {
    // Prepare: the NCCO streams the caller to a WebSocket while the lawyer's cell times out
    const ids = flowIds();
    const socket = (status: string, timestamp: string, extra: Record<string, unknown> = {}) => ({
      headers: {},
      from: '14155550199',
      to: 'wss://bot.example.com/socket',
      uuid: ids.UUID_D,
      conversation_uuid: `CON-${ids.UUID_A}`,
      status,
      direction: 'outbound',
      timestamp,
      ...extra,
    });
    const callbacks = [
      ...flowOf('flow-missed-via-ncco', ids),
      socket('started', '2026-11-30T15:03:02.000Z'),
      socket('answered', '2026-11-30T15:03:02.000Z'),
      socket('completed', '2026-11-30T15:03:31.000Z', { duration: '29', start_time: '2026-11-30T15:03:02.000Z', end_time: '2026-11-30T15:03:31.000Z' }),
    ];
    // Act
    const call = assembled(fragmentsOf(callbacks))[0];
    // Assess
    expect(call).toMatchObject({ direction: 'inbound', status: 'missed' });
    expect(call?.durationSeconds).toBeUndefined();
    expect(call?.firm.userRef).toBeUndefined();
  });

  it('counts the time two people were on the call together once (two lawyers on one conference)', () => {
    // Prepare: a second lawyer joins on a leg of her own, answered and hung up with the first
    const ids = flowIds();
    const callbacks = flowOf('flow-answered-forwarded', ids);
    const partner = callbacks.filter((c) => c.to === '14155550142').map((c) => ({ ...c, uuid: ids.UUID_D, to: '14155550143' }));
    // Act
    const call = assembled(fragmentsOf([...callbacks, ...partner]), mappedCtx)[0];
    // Assess
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 95 });
  });

  it('assembles stored callbacks whatever they hold: one without a date is left out, never thrown on', () => {
    // Prepare: a fragment damaged in storage, whose leg has no date to fall back on
    const [leg] = fragmentsOf([{ ...fixture('vonage', 'voice-completed'), start_time: null, end_time: null, timestamp: null }]);
    const undated: CallFragment[] = leg ? [{ ...leg, occurredAt: 'not a date' }] : [];
    // Act
    const assemble = () => assembled(undated);
    // Assess
    expect(assemble).not.toThrow();
    expect(assemble()).toEqual([]);
  });

  it('does not take a connect leg answered by an answering machine for a person', () => {
    // Prepare
    const callbacks = flowOf('flow-answered-forwarded');
    const lawyer = callbacks.find((c) => c.to === '14155550142');
    const verdict = {
      call_uuid: lawyer?.uuid,
      conversation_uuid: lawyer?.conversation_uuid,
      status: 'machine',
      from: '14155550199',
      to: '14155550142',
      timestamp: '2026-11-30T15:03:13.000Z',
    };
    // Act
    const call = assembled(fragmentsOf([...callbacks, verdict]))[0];
    // Assess
    expect(call).toMatchObject({ direction: 'inbound', status: 'missed' });
  });

  it('keeps a status it does not know on the log, which it does not change', () => {
    // Prepare
    const callbacks = flowOf('flow-answered-forwarded');
    const hold = { ...callbacks.find((c) => c.to === '14155550142' && c.status === 'answered'), status: 'on_hold', timestamp: '2026-11-30T15:03:30.000Z' };
    // Act
    const call = assembled(fragmentsOf([...callbacks, hold]))[0];
    // Assess
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 95, unrecognised: [{ field: 'status', value: 'on_hold' }] });
  });

  it('says a direction it does not know decides a call no other leg explains', () => {
    // Prepare: a single leg with a direction Vonage has not documented
    const leg = { ...fixture('vonage', 'voice-completed'), direction: 'transferred' };
    // Act
    const call = assembled(fragmentsOf([leg]))[0];
    // Assess
    expect(call?.unrecognised).toEqual([{ field: 'direction', value: 'transferred', decisive: true }]);
  });
});

describe('Vonage messages', () => {
  it('reads an inbound SMS of the Messages API v1', () => {
    expect(eventOf(parse('message-inbound-sms'))).toMatchObject({
      providerEventId: 'message:aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Hello From Vonage!',
      external: { raw: '447911123456', e164: '+447911123456' },
      firm: { e164: '+442079460000' },
      occurredAt: '2025-02-03T12:14:25.000Z',
    });
  });

  it('reads an inbound SMS of the Messages API v0.1 (from/to as {type, number}, message.content.text)', () => {
    // Prepare
    const ids = flowIds();
    const [body] = flowOf('flow-inbound-sms-v01', ids);
    // Act
    const event = eventOf(vonageProvider.parse(requestOf(JSON.stringify(body)), ctx));
    // Assess
    expect(event).toMatchObject({
      providerEventId: `message:${ids.UUID_A}`,
      direction: 'inbound',
      status: 'received',
      text: 'Can we move our meeting to Friday?',
      external: { e164: '+14155550100' },
      firm: { e164: '+14155550199' },
    });
  });

  it.each([
    ['submitted', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['rejected', 'failed'],
    ['undeliverable', 'undelivered'],
  ])('logs an SMS the firm sent from its %s status as %s, without the text the status does not carry', (status, expected) => {
    const event = eventOf(parse('message-status', { status }));
    expect(event).toMatchObject({ providerEventId: 'message:aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', kind: 'sms', direction: 'outbound', status: expected });
    expect(event.text).toBeUndefined();
  });

  it('keeps a message status it does not know, logging the SMS as sent', () => {
    expect(eventOf(parse('message-status', { status: 'queued_for_carrier' }))).toMatchObject({
      status: 'sent',
      unrecognised: [{ field: 'status', value: 'queued_for_carrier' }],
    });
  });

  it('acknowledges an inbound message on another channel', () => {
    expect(parse('message-inbound-sms', { channel: 'whatsapp' })).toEqual({ type: 'ignored', reason: 'unhandled_channel:whatsapp' });
  });
});

describe('Vonage callbacks that fail verification', () => {
  it('asks for a retry of an unsigned callback (429 + Retry-After), which Vonage sends signed', () => {
    expect(vonageProvider.unverified?.('signature_missing')).toEqual({ retryAfterSeconds: 60 });
  });

  it.each([['signature_invalid'], ['timestamp_stale']] as const)('leaves a %s callback to the 401 nobody retries', (failure) => {
    expect(vonageProvider.unverified?.(failure)).toBeUndefined();
  });
});
