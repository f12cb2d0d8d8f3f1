import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import Telnyx from 'telnyx';
import { telnyxProvider } from '../../../shared/adapters/providers/telnyx/telnyx.provider.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import type { CallFragment } from '../../../shared/ports/webhook-provider.js';
import { flowIds, loadFlow } from '../../support/call-flows.js';
import { contextOf, eventOf, fixture, fixtureBody, requestOf, valid } from './support.js';

// Telnyx holds its private key; tests sign as Telnyx does with their own pair (docs/providers/telnyx.md).
const keyPair = (): { publicKey: string; privateKey: KeyObject } => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'), privateKey };
};
const { publicKey, privateKey } = keyPair();
const signed = (body: string, timestamp: string, key = privateKey) => ({
  'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), key).toString('base64'),
  'telnyx-timestamp': timestamp,
});
const ctx = contextOf();
const SESSION = '428c31b6-7af4-4bcb-b7f5-5013ef9657c1';

const fragmentOf = (name: string): CallFragment => {
  const parsed = telnyxProvider.parse(requestOf(fixtureBody('telnyx', name)), ctx);
  if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
  return parsed.fragment;
};
const assemble = (...names: string[]) => valid(telnyxProvider.assemble?.(names.map(fragmentOf), ctx) ?? []);
const withPayload = (name: string, changes: Record<string, unknown>) => {
  const body = fixture<{ data: { payload: Record<string, unknown> } }>('telnyx', name);
  return JSON.stringify({ ...body, data: { ...body.data, payload: { ...body.data.payload, ...changes } } });
};

describe('Telnyx webhook signature (Ed25519 over timestamp|body)', () => {
  const body = fixtureBody('telnyx', 'call-hangup');
  const nowSeconds = () => String(Math.floor(Date.now() / 1000));

  it('accepts the signature that the telnyx package accepts too', async () => {
    // Prepare
    const headers = signed(body, nowSeconds());
    // Act
    const verdict = telnyxProvider.verify(requestOf(body, headers), publicKey, { publicUrl: 'https://x', now: new Date() });
    const unwrapped = await new Telnyx({ apiKey: 'x', publicKey }).webhooks.unwrap(body, { headers });
    // Assess
    expect(verdict).toEqual({ ok: true });
    expect(unwrapped).toMatchObject({ data: { event_type: 'call.hangup' } });
  });

  it('rejects a tampered body as the telnyx package does', async () => {
    // Prepare
    const headers = signed(body, nowSeconds());
    const tampered = body.replace('normal_clearing', 'user_busy');
    // Act
    const verdict = telnyxProvider.verify(requestOf(tampered, headers), publicKey, { publicUrl: 'https://x', now: new Date() });
    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'signature_invalid' });
    await expect(new Telnyx({ apiKey: 'x', publicKey }).webhooks.unwrap(tampered, { headers })).rejects.toThrow();
  });

  it('rejects a signature made with another key', () => {
    const headers = signed(body, nowSeconds(), keyPair().privateKey);
    expect(telnyxProvider.verify(requestOf(body, headers), publicKey, { publicUrl: 'https://x', now: new Date() })).toMatchObject({
      code: 'signature_invalid',
    });
  });

  it('says the timestamp is stale when it is more than 300 s from our clock', () => {
    const now = new Date('2026-01-02T08:10:00Z');
    const headers = signed(body, String(now.getTime() / 1000 - 301));
    expect(telnyxProvider.verify(requestOf(body, headers), publicKey, { publicUrl: 'https://x', now })).toMatchObject({ ok: false, code: 'timestamp_stale' });
  });

  it.each([['telnyx-signature-ed25519'], ['telnyx-timestamp']])('says the signature is missing without %s', (header) => {
    const headers = { ...signed(body, nowSeconds()), [header]: undefined };
    expect(telnyxProvider.verify(requestOf(body, headers), publicKey, { publicUrl: 'https://x', now: new Date() })).toMatchObject({
      code: 'signature_missing',
    });
  });

  it('refuses a configured key that is not a 32-byte Ed25519 key', () => {
    const headers = signed(body, nowSeconds());
    expect(telnyxProvider.verify(requestOf(body, headers), 'bm90IGEga2V5', { publicUrl: 'https://x', now: new Date() })).toMatchObject({
      code: 'signature_invalid',
    });
  });
});

describe('Telnyx call assembly', () => {
  const flowFragments = (name: string, ids = flowIds()): CallFragment[] =>
    loadFlow<unknown>('telnyx', name, ids, 'https://hooks.example.com/telnyx').callbacks.map((callback) => {
      const parsed = telnyxProvider.parse(requestOf(JSON.stringify(callback)), ctx);
      if (parsed.type !== 'fragment') throw new Error(`expected a fragment, got ${parsed.type}`);
      return parsed.fragment;
    });
  const assembled = (fragments: readonly CallFragment[]) => valid(telnyxProvider.assemble?.(fragments, ctx) ?? []);

  it('stores a call callback as a fragment of its call session', () => {
    expect(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'call-initiated')), ctx)).toMatchObject({
      type: 'fragment',
      callKey: SESSION,
      fragment: { eventKey: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f1', type: 'call.initiated', occurredAt: '2018-02-02T22:20:27.521Z' },
    });
  });

  it('reads a call its app answered, with no leg to a person, as missed: the app is not a person', () => {
    // Act
    const events = assemble('call-initiated', 'call-answered', 'call-hangup');
    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        provider: 'telnyx',
        providerEventId: `call:${SESSION}`,
        providerResourceId: SESSION,
        kind: 'call',
        direction: 'inbound',
        status: 'missed',
        external: { raw: '+35319605860', e164: '+35319605860', callerIdName: 'Jane Smith' },
        firm: { e164: '+13129457420' },
        startedAt: '2018-02-02T22:20:27.521Z',
        endedAt: '2018-02-02T22:25:27.521Z',
        occurredAt: '2018-02-02T22:25:27.521Z',
        assembly: { callKey: SESSION, settleUntil: new Date(ctx.receivedAt.getTime() + 20_000).toISOString() },
      }),
    ]);
    expect(events[0]?.durationSeconds).toBeUndefined();
  });

  it("reads a call bridged to the lawyer's leg as answered, with the bridged talk time", () => {
    const ids = flowIds();
    expect(assembled(flowFragments('flow-bridged', ids))).toEqual([
      expect.objectContaining({
        providerEventId: `call:${ids.SESSION}`,
        kind: 'call',
        direction: 'inbound',
        status: 'completed',
        durationSeconds: 95,
        external: { raw: '+14155550100', e164: '+14155550100', callerIdName: 'Jane Smith' },
        firm: { e164: '+14155550199' },
        startedAt: '2026-11-30T15:03:00.000Z',
        endedAt: '2026-11-30T15:04:47.000Z',
      }),
    ]);
  });

  it.each([['flow-app-answered-missed'], ['flow-bridged'], ['flow-voicemail'], ['flow-lost-initiated']])(
    'assembles %s the same in any order, with repeats',
    (name) => {
      // Prepare
      const ids = flowIds();
      const fragments = flowFragments(name, ids);
      // Act
      const orders = [fragments, [...fragments].reverse(), [...fragments, ...fragments].sort((a, b) => a.eventKey.localeCompare(b.eventKey))].map(assembled);
      // Assess
      expect(orders[1]).toEqual(orders[0]);
      expect(orders[2]).toEqual(orders[0]);
    },
  );

  it('reads a recording saved on a call nobody answered as a voicemail, with no talk time, and as an amendment should it come late', () => {
    const ids = flowIds();
    const recording = { url: `https://s3.amazonaws.com/telephony-recorder-prod/${ids.RUN}.mp3`, durationSeconds: 20 };
    expect(assembled(flowFragments('flow-voicemail', ids))).toEqual([
      expect.objectContaining({
        providerEventId: `call:${ids.SESSION}`,
        kind: 'voicemail',
        status: 'voicemail',
        direction: 'inbound',
        durationSeconds: 20,
        recording,
      }),
      expect.objectContaining({ providerEventId: `recording:${ids.RUN}-a-recording-saved`, amends: `call:${ids.SESSION}`, recording }),
    ]);
  });

  it('keeps a call whose call.initiated was lost: call.hangup names the parties and the start', () => {
    const ids = flowIds();
    expect(assembled(flowFragments('flow-lost-initiated', ids))[0]).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      durationSeconds: 95,
      external: { raw: '+14155550100', e164: '+14155550100' },
      firm: { e164: '+14155550199' },
      startedAt: '2026-11-30T15:03:00.000Z',
    });
  });

  it("yields nothing before the caller's leg has hung up", () => {
    const fragments = flowFragments('flow-bridged');
    expect(assembled(fragments.filter((f) => f.type !== 'call.hangup' || !f.eventKey.includes('-a-')))).toEqual([]);
  });

  it('reads a call that rang a SIP user directly and was answered as answered, by that user', () => {
    const fragments = [
      withPayload('call-initiated', { to: 'sip:alice@firm.sip.telnyx.com' }),
      withPayload('call-answered', { to: 'sip:alice@firm.sip.telnyx.com' }),
      fixtureBody('telnyx', 'call-hangup'),
    ]
      .map((body) => telnyxProvider.parse(requestOf(body), ctx))
      .flatMap((parsed) => (parsed.type === 'fragment' ? [parsed.fragment] : []));
    expect(assembled(fragments)[0]).toMatchObject({ status: 'completed', durationSeconds: 297, firm: { userRef: 'sip:alice@firm.sip.telnyx.com' } });
  });

  it('amends an answered call with a recording saved after hangup, and with its transcript', () => {
    // Prepare: the recording and transcript of the bridged call
    const ids = flowIds();
    const extra = ['call-recording-saved', 'call-recording-transcription-saved']
      .map((name) => withPayload(name, { call_session_id: ids.SESSION, call_leg_id: ids.LEG_A }))
      .map((body) => telnyxProvider.parse(requestOf(body), ctx))
      .flatMap((parsed) => (parsed.type === 'fragment' ? [parsed.fragment] : []));
    // Act
    const [call, recording, transcript] = assembled([...flowFragments('flow-bridged', ids), ...extra]);
    // Assess
    expect(recording).toMatchObject({
      providerEventId: 'recording:0ccc7b54-4df3-4bca-a65a-3da1ecc777f3',
      amends: `call:${ids.SESSION}`,
      kind: 'call',
      providerResourceId: ids.SESSION,
      recording: { url: 'https://example.com/recording.mp3', durationSeconds: 296 },
      occurredAt: '2018-02-02T22:25:29.521Z',
    });
    expect(recording?.assembly).toBeUndefined();
    expect(transcript).toMatchObject({
      providerEventId: 'transcript:0ccc7b54-4df3-4bca-a65a-3da1ecc777f4',
      amends: `call:${ids.SESSION}`,
      transcript: 'Hello, I am calling about my case.',
    });
    expect(call?.amends).toBeUndefined();
  });

  it.each([
    ['originator_cancel', 'incoming', 'missed'],
    ['timeout', 'incoming', 'missed'],
    ['user_busy', 'incoming', 'busy'],
    ['call_rejected', 'incoming', 'rejected'],
    ['no_answer', 'outgoing', 'no_answer'],
    ['originator_cancel', 'outgoing', 'canceled'],
    ['not_found', 'outgoing', 'failed'],
  ])('reads an unanswered call hung up with %s on an %s call as %s', (cause, direction, status) => {
    // Prepare
    const fragments = [withPayload('call-initiated', { direction }), withPayload('call-hangup', { hangup_cause: cause })]
      .map((body) => telnyxProvider.parse(requestOf(body), ctx))
      .flatMap((parsed) => (parsed.type === 'fragment' ? [parsed.fragment] : []));
    // Act
    const [call] = valid(telnyxProvider.assemble?.(fragments, ctx) ?? []);
    // Assess
    expect(call).toMatchObject({ status, direction: direction === 'incoming' ? 'inbound' : 'outbound' });
    expect(call?.durationSeconds).toBeUndefined();
  });

  it('takes the callee as the external party of an outgoing call, answered when the callee answered', () => {
    const fragments = [
      withPayload('call-initiated', { direction: 'outgoing', from: '+13129457420', to: '+35319605860' }),
      fixtureBody('telnyx', 'call-answered'),
      fixtureBody('telnyx', 'call-hangup'),
    ]
      .map((body) => telnyxProvider.parse(requestOf(body), ctx))
      .flatMap((parsed) => (parsed.type === 'fragment' ? [parsed.fragment] : []));
    expect(valid(telnyxProvider.assemble?.(fragments, ctx) ?? [])[0]).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 297,
      external: { e164: '+35319605860' },
      firm: { e164: '+13129457420' },
    });
  });
});

describe('Telnyx messages and faxes', () => {
  it('reads an inbound MMS with its media and the sender line type', () => {
    expect(eventOf(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'message-received')), ctx))).toMatchObject({
      providerEventId: 'message:7ee4241c-f127-47e5-9c34-3aac291f8058',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Hello, World!',
      external: { e164: '+18665550001', lineType: 'mobile' },
      firm: { e164: '+18445550001' },
      occurredAt: '2019-01-23T18:10:02.574Z',
      media: [{ url: 'https://media.telnyx.com/example/image.jpg', contentType: 'image/jpeg' }],
    });
  });

  it('reads a finalized outbound message with the recipient as the external party', () => {
    expect(eventOf(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'message-finalized')), ctx))).toMatchObject({
      providerEventId: 'message:ac012cbf-5e09-46da-b140-a9abe5e5fc8e',
      direction: 'outbound',
      status: 'delivered',
      external: { e164: '+13125550001' },
      firm: { e164: '+12125550123' },
      text: 'See you at 3pm.',
    });
  });

  it('reads a received fax as kind fax with the PDF in media and its page count', () => {
    expect(eventOf(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'fax-received')), ctx))).toMatchObject({
      providerEventId: 'fax:359c0d23-fe39-49f1-8814-f7490197a576',
      kind: 'fax',
      direction: 'inbound',
      status: 'received',
      pageCount: 2,
      external: { e164: '+13122010119' },
      firm: { e164: '+13127283148' },
      media: [{ url: 'https://s3.amazonaws.com/faxes-prod/359c0d23-fe39-49f1-8814-f7490197a576.pdf?X-Amz-Expires=600', contentType: 'application/pdf' }],
    });
  });

  it('reads a delivered outbound fax with the document it sent', () => {
    expect(eventOf(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'fax-delivered')), ctx))).toMatchObject({
      kind: 'fax',
      direction: 'outbound',
      status: 'delivered',
      external: { e164: '+15107882622' },
      pageCount: 2,
      media: [{ url: 'https://www.example.com/fax.pdf', contentType: 'application/pdf' }],
    });
  });

  it('reads a failed fax as failed', () => {
    expect(eventOf(telnyxProvider.parse(requestOf(fixtureBody('telnyx', 'fax-failed')), ctx))).toMatchObject({
      kind: 'fax',
      status: 'failed',
      providerEventId: 'fax:b679398e-8b4c-46bd-8630-6797f1ab5228',
    });
  });
});

describe('Telnyx callbacks it does not log', () => {
  it.each([['call.dtmf.received'], ['fax.queued'], ['message.sent'], ['number_order.complete']])('ignores %s with a reason', (type) => {
    const body = JSON.stringify({ data: { record_type: 'event', id: 'e1', event_type: type, occurred_at: '2020-01-01T00:00:00Z', payload: {} } });
    expect(telnyxProvider.parse(requestOf(body), ctx)).toEqual({ type: 'ignored', reason: `unhandled_event_type:${type}` });
  });

  it('refuses a call callback without what its type must carry', () => {
    expect(() => telnyxProvider.parse(requestOf(withPayload('call-initiated', { direction: undefined })), ctx)).toThrow(ValidationError);
  });

  it('refuses a body that is not JSON', () => {
    expect(() => telnyxProvider.parse(requestOf('not json'), ctx)).toThrow(ValidationError);
  });
});
