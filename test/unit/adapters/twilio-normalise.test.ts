import { assembleTwilioCall } from '../../../shared/adapters/providers/twilio/twilio.assemble.js';
import { normaliseTwilio } from '../../../shared/adapters/providers/twilio/twilio.normalise.js';
import { canonicalEventSchema, type CanonicalEvent } from '../../../shared/domain/canonical-event.js';
import { ValidationError } from '../../../shared/domain/errors.js';
import { mergeSettings } from '../../../shared/domain/settings.js';
import type { CallFragment, ParseContext } from '../../../shared/ports/webhook-provider.js';
import { flowIds, loadFlow } from '../../support/call-flows.js';

const ctx: ParseContext = {
  tenantId: 'demo',
  settings: mergeSettings({}),
  receivedAt: new Date('2026-01-02T08:10:00Z'),
  correlationId: 'req-1',
  settleSeconds: 20,
};

// Parameter sets as Twilio documents them (twilio.com/docs/voice/api/call-resource#statuscallback,
// /docs/messaging/guides/webhook-request, /docs/voice/twiml/dial#action, /docs/voice/twiml/record#action).
const terminalCall = {
  AccountSid: 'AC1',
  ApiVersion: '2010-04-01',
  CallSid: 'CAbe98',
  CallStatus: 'completed',
  CallDuration: '49',
  Duration: '1',
  Direction: 'outbound-api',
  From: '+16466063895',
  To: '+551135892112',
  Timestamp: 'Sun, 25 Mar 2018 09:53:19 +0000',
  CallbackSource: 'call-progress-events',
  SequenceNumber: '3',
};

const fragmentOf = (params: Record<string, string>): { callKey: string; fragment: CallFragment } => {
  const parsed = normaliseTwilio(params, ctx);
  if (parsed.type !== 'fragment') throw new Error(`not a fragment: ${JSON.stringify(parsed)}`);
  return parsed;
};
const assembled = (...callbacks: Record<string, string>[]): CanonicalEvent[] =>
  assembleTwilioCall(
    callbacks.map((params) => fragmentOf(params).fragment),
    ctx,
  ).map((event) => canonicalEventSchema.parse(event));
const callOf = (...callbacks: Record<string, string>[]): CanonicalEvent => {
  const [call] = assembled(...callbacks);
  if (!call) throw new Error('no call assembled');
  return call;
};
const message = (params: Record<string, string>) => {
  const parsed = normaliseTwilio(params, ctx);
  if (parsed.type !== 'event') throw new Error(`not an event: ${JSON.stringify(parsed)}`);
  return canonicalEventSchema.parse(parsed.event);
};
const flow = (name: string, ids = flowIds()) =>
  loadFlow<{ params: Record<string, string> }>('twilio', name, ids, 'https://hooks.example.com/twilio').callbacks.map((c) => c.params);

describe('Twilio voice callbacks as fragments of their call', () => {
  it('files a dialled leg under the call that dialled it, and a Dial result under the call', () => {
    const ids = flowIds();
    const [leg, dial, parent] = flow('flow-answered-via-dial', ids).map(fragmentOf);
    expect(leg).toMatchObject({ callKey: ids.CALL, fragment: { type: 'leg.status', eventKey: `status:${ids.CHILD}:completed` } });
    expect(dial).toMatchObject({ callKey: ids.CALL, fragment: { type: 'dial.action' } });
    expect(parent).toMatchObject({ callKey: ids.CALL, fragment: { type: 'leg.status', eventKey: `status:${ids.CALL}:completed` } });
  });

  it('tells a <Record> action from a status callback that carries a recording', () => {
    const ids = flowIds();
    const [, record, recordingStatus] = flow('flow-voicemail-after-dial', ids).map(fragmentOf);
    const [recordedCall] = flow('flow-recorded-outgoing', ids).map(fragmentOf);
    expect([record?.fragment.type, recordingStatus?.fragment.type, recordedCall?.fragment.type]).toEqual(['record.action', 'recording.status', 'leg.status']);
  });

  it('keeps only the parameters a call is assembled from, bounded', () => {
    expect(fragmentOf({ ...terminalCall, FromCity: 'SAN FRANCISCO', StirVerstat: 'TN-Validation-Passed-A' }).fragment.data).not.toHaveProperty('FromCity');
    expect(() => normaliseTwilio({ ...terminalCall, CallerName: 'x'.repeat(600) }, ctx)).toThrow(ValidationError);
  });

  it.each([['queued'], ['initiated'], ['ringing'], ['in-progress']])('acknowledges and drops the non-terminal status %s', (status) => {
    expect(normaliseTwilio({ ...terminalCall, CallStatus: status }, ctx)).toEqual({ type: 'ignored', reason: `non_terminal_call_status:${status}` });
  });

  it('drops a recording status callback that is not final', () => {
    expect(normaliseTwilio({ CallSid: 'CA1', RecordingSid: 'RE1', RecordingStatus: 'in-progress' }, ctx)).toEqual({
      type: 'ignored',
      reason: 'non_terminal_recording_status:in-progress',
    });
  });

  it('refuses a recognised callback that lacks what it must carry', () => {
    expect(() => normaliseTwilio({ CallSid: '', CallStatus: 'completed', To: '+14155550199' }, ctx)).toThrow(ValidationError);
  });

  it('ignores a callback it does not recognise', () => {
    expect(normaliseTwilio({ Foo: 'bar' }, ctx)).toEqual({ type: 'ignored', reason: 'unrecognised_callback' });
  });
});

describe('a Twilio call assembled from its callbacks', () => {
  it('reads a lone status callback as before: the callee of an API call is the external party, start = end − duration; it settles first', () => {
    expect(callOf(terminalCall)).toMatchObject({
      provider: 'twilio',
      providerEventId: 'call:CAbe98',
      providerResourceId: 'CAbe98',
      kind: 'call',
      direction: 'outbound',
      external: { raw: '+551135892112', e164: '+551135892112' },
      firm: { e164: '+16466063895' },
      status: 'completed',
      durationSeconds: 49,
      endedAt: '2018-03-25T09:53:19.000Z',
      startedAt: '2018-03-25T09:52:30.000Z',
      correlationId: 'req-1',
      tenantId: 'demo',
      providerAccount: 'AC1',
      assembly: { callKey: 'CAbe98', settleUntil: '2026-01-02T08:10:20.000Z' },
    });
  });

  it.each([
    ['no-answer', 'inbound', 'missed'],
    ['canceled', 'inbound', 'missed'],
    ['canceled', 'outbound-api', 'canceled'],
    ['no-answer', 'outbound-api', 'no_answer'],
    ['busy', 'inbound', 'busy'],
    ['failed', 'inbound', 'failed'],
  ])('maps a lone CallStatus %s on a %s call to %s', (status, direction, expected) => {
    expect(callOf({ ...terminalCall, CallStatus: status, Direction: direction }).status).toBe(expected);
  });

  it('decides missed from the Dial result, not from the leg Twilio answered itself, and logs it at once', () => {
    const ids = flowIds();
    const call = callOf(...flow('flow-missed-via-dial', ids));
    expect(call).toMatchObject({
      kind: 'call',
      direction: 'inbound',
      status: 'missed',
      external: { e164: '+14155550100' },
      firm: { e164: '+14155550199' },
      assembly: { callKey: ids.CALL },
    });
    expect(call.durationSeconds).toBeUndefined();
    expect(call.assembly?.settleUntil).toBeUndefined();
  });

  it('takes talk time from the Dial result, and never the dialled cell as a party', () => {
    const call = callOf(...flow('flow-answered-via-dial'));
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 95, external: { e164: '+14155550100' }, firm: { e164: '+14155550199' } });
    expect(JSON.stringify(call)).not.toContain('+14155550142');
  });

  it('reads the dialled legs when no Dial result came: answered and talk time from the leg a person answered', () => {
    const [leg, , parent] = flow('flow-answered-via-dial');
    expect(callOf(leg ?? {}, parent ?? {})).toMatchObject({ status: 'completed', durationSeconds: 95, assembly: { settleUntil: '2026-01-02T08:10:20.000Z' } });
    const [missedLeg, , missedParent] = flow('flow-missed-via-dial');
    expect(callOf(missedLeg ?? {}, missedParent ?? {})).toMatchObject({ status: 'missed' });
  });

  it('reads a message left after an unanswered Dial as one voicemail, no call; its recording status callback amends it should it come late', () => {
    const ids = flowIds();
    const events = assembled(...flow('flow-voicemail-after-dial', ids));
    const url = `https://api.twilio.com/2010-04-01/Accounts/${ids.ACCOUNT}/Recordings/${ids.REC}`;
    expect(events).toEqual([
      expect.objectContaining({
        providerEventId: `call:${ids.CALL}`,
        kind: 'voicemail',
        status: 'voicemail',
        direction: 'inbound',
        durationSeconds: 14,
        recording: { url, durationSeconds: 14 },
      }),
      expect.objectContaining({ providerEventId: `recording:${ids.REC}`, amends: `call:${ids.CALL}`, recording: expect.objectContaining({ url }) as unknown }),
    ]);
  });

  it('reads a status callback with a recording (Record=true) as a recorded call; its recording status callback carries the same recording', () => {
    const ids = flowIds();
    const events = assembled(...flow('flow-recorded-outgoing', ids));
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'call',
        direction: 'outbound',
        status: 'completed',
        durationSeconds: 80,
        recording: { url: expect.stringContaining(ids.REC) as string, durationSeconds: 78 },
      }),
      expect.objectContaining({
        providerEventId: `recording:${ids.REC}`,
        amends: `call:${ids.CALL}`,
        recording: { url: expect.stringContaining(ids.REC) as string, durationSeconds: 78 },
      }),
    ]);
  });

  it('amends the call with a recording its status callback did not carry', () => {
    const ids = flowIds();
    const [parent, recording] = flow('flow-recorded-outgoing', ids);
    const plain = Object.fromEntries(Object.entries(parent ?? {}).filter(([key]) => !key.startsWith('Recording')));
    const [call, amendment] = assembled(plain, recording ?? {});
    expect(call?.recording).toBeUndefined();
    expect(amendment).toMatchObject({ providerEventId: `recording:${ids.REC}`, amends: `call:${ids.CALL}`, recording: { durationSeconds: 78 } });
    expect(amendment?.assembly).toBeUndefined();
  });

  it("reads a softphone calling out as the firm's outgoing call to the number dialled, by that identity", () => {
    expect(callOf(...flow('flow-softphone-outgoing'))).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 64,
      external: { e164: '+14155550100' },
      firm: { userRef: 'alice' },
    });
  });

  it('reads a SIP extension dialling a number as an outgoing call to it, by that extension', () => {
    expect(callOf(...flow('flow-sip-extension'))).toMatchObject({
      direction: 'outbound',
      durationSeconds: 44,
      external: { e164: '+14155550100' },
      firm: { userRef: '101' },
    });
  });

  it('reads a call between two softphones as internal', () => {
    expect(callOf({ ...terminalCall, From: 'client:alice', To: 'client:bob' })).toMatchObject({ direction: 'internal', firm: { userRef: 'alice' } });
  });

  it("reads an inbound call to a softphone as the firm user's", () => {
    expect(callOf({ ...terminalCall, Direction: 'inbound', From: '+14155550100', To: 'client:bob' })).toMatchObject({
      direction: 'inbound',
      external: { e164: '+14155550100' },
      firm: { userRef: 'bob' },
    });
  });

  it("keeps the caller ID name of an inbound call and reads Twilio's anonymous number as no number", () => {
    expect(callOf({ ...terminalCall, Direction: 'inbound', From: '+266696687', CallerName: 'ANONYMOUS' }).external).toEqual({
      raw: 'anonymous',
      callerIdName: 'ANONYMOUS',
    });
  });

  it('assembles the same call in any order and with repeats', () => {
    for (const name of ['flow-missed-via-dial', 'flow-answered-via-dial', 'flow-voicemail-after-dial', 'flow-softphone-outgoing']) {
      const callbacks = flow(name);
      expect(assembled(...[...callbacks].reverse(), ...callbacks)).toEqual(assembled(...callbacks));
    }
  });

  it('yields nothing until a callback says how the call ended', () => {
    const [leg] = flow('flow-answered-via-dial');
    expect(assembled(leg ?? {})).toEqual([]);
  });
});

describe('Twilio messages', () => {
  it('reads an inbound SMS with its media', () => {
    expect(
      message({
        MessageSid: 'SM1',
        SmsSid: 'SM1',
        AccountSid: 'AC1',
        From: '+14155550100',
        To: '+14155550199',
        Body: 'Hello',
        NumMedia: '1',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        MediaContentType0: 'image/jpeg',
        SmsStatus: 'received',
      }),
    ).toMatchObject({
      providerEventId: 'message:SM1',
      kind: 'sms',
      direction: 'inbound',
      status: 'received',
      text: 'Hello',
      external: { e164: '+14155550100' },
      media: [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/jpeg' }],
    });
  });

  it('reads an outbound message status callback once, whichever final status comes first', () => {
    const sent = message({ MessageSid: 'SM2', MessageStatus: 'sent', From: '+14155550199', To: '+14155550100', AccountSid: 'AC1' });
    const delivered = message({ MessageSid: 'SM2', MessageStatus: 'delivered', From: '+14155550199', To: '+14155550100', AccountSid: 'AC1' });
    expect(sent).toMatchObject({ direction: 'outbound', status: 'sent', external: { e164: '+14155550100' }, providerAccount: 'AC1' });
    expect(delivered.providerEventId).toBe(sent.providerEventId);
  });

  it('reads a status callback without the text or the recipient, for the processor to complete from Twilio', () => {
    const ids = flowIds();
    const [sent] = flow('flow-outgoing-sms', ids);
    const event = message(sent ?? {});
    expect(event).toMatchObject({ direction: 'outbound', external: { raw: '' }, firm: { e164: '+14155550199' }, providerAccount: ids.ACCOUNT });
    expect(event.text).toBeUndefined();
  });

  it("refuses an inbound message without the firm's number", () => {
    expect(() => normaliseTwilio({ MessageSid: 'SM4', SmsStatus: 'received', From: '+14155550100', Body: 'Hi' }, ctx)).toThrow(ValidationError);
  });

  it('drops queued and sending message statuses', () => {
    expect(normaliseTwilio({ MessageSid: 'SM3', MessageStatus: 'queued', From: '+1', To: '+2' }, ctx)).toMatchObject({ type: 'ignored' });
  });
});
